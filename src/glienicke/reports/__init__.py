"""Reports made from the record: the model (sections of marked portions), its charts and its
renderings as plain text and PDF. Nothing here reads the database; the services gather what
the viewer may see and hand it in."""

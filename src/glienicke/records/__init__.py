"""Records: document parsing (plain text, FRUS TEI), file designations, telegram threading,
name matching and officials data. Pure apart from reading the files it is given."""

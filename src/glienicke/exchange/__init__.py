"""Exchange packaging: which releases, among which states, bring the most of our people home.

Pure apart from the solver (HiGHS, through highspy). A pool (`model`) says who is held by whom,
who wants them, what the law allows on the day and what each party insists on. `problem` turns
it into rings and chains over parties (the kidney-exchange structure), `solver` finds the best
packages, `check` verifies any package against every rule, `explain` says why each person was
left out, and `engine` ties them together.
"""

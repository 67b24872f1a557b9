"""Questions to the view: one module per question, each answering from the view's tables only.

A question lives in one module here (its SQL and the shape of its answer), one method of the
facade (dtl.application.facade.Dtl: reading its arguments, catching up, stamping the position),
one command in dtl.cli.commands.questions, and one route in dtl.api.routes.questions.
What several questions share (the clocks' clauses, caveats, how a measure or an action is
shown) is in common.py; how a question reads the record (as known at, as reported at, a
minimum grade) is lens.py; the re-fold those readings need is refold.py; an action as it read
then (its revisions) is revisions.py.
"""

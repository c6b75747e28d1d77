"""Who may open each subject access page: the programme's coordinators and its safeguarding
lead (who also sees the concerns); erasure is for coordinators alone. Platform admins are not
let in: the pages show people's details. The matrix searches for a name nobody has, so no
record's details appear; tests/test_rights.py checks what each of them finds."""

from bridges.core.access import Rule, only

READERS = only("coordinator", "safeguarding")
SEARCH = {"name": "Nobody Of-This-World"}

ACCESS = {
    "rights:search": Rule(READERS),
    "rights:export_pdf": Rule(READERS, method="post", data=SEARCH),
    "rights:export_json": Rule(READERS, method="post", data=SEARCH),
    "rights:erase": Rule(only("coordinator"), method="post", data=SEARCH),
}

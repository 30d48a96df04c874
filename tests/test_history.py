"""Back and forward through the places visited, as in a browser."""

from dossier.ui.history import History, Place

A, B, C, D = (Place(claim_id=name) for name in "abcd")


def test_back_and_forward_walk_the_visits():
    history = History()
    for place in (A, B, C):
        history.visit(place)
    assert history.back(C) == B
    assert history.back(B) == A
    assert history.back(A) is None
    assert history.forward() == B
    assert history.forward() == C
    assert history.forward() is None


def test_a_new_visit_after_going_back_forgets_the_forward_places():
    history = History()
    for place in (A, B, C):
        history.visit(place)
    history.back(C)
    history.visit(D)
    assert history.forward() is None
    assert history.back(D) == B


def test_going_back_from_an_unrecorded_place_records_it_for_forward():
    history = History()
    history.visit(A)
    assert history.back(B) == A  # B was only previewed
    assert history.forward() == B

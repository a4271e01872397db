from sifa.orgs import access


def test_cast_scopes(cast):
    clerk_offices = set(access.visible_offices(cast.township_clerk, line=access.ANY_LINE))
    assert cast.township_a1 in clerk_offices
    assert cast.village_a1 in clerk_offices
    assert cast.township_a2 not in clerk_offices

def test_a_recorded_veto_is_in_force_after_it_began_and_not_before(dtl):
    dtl.record({"type": "admit", "by": "NATO", "target": "TUR", "on": "1952-02-18"})
    dtl.record({"type": "veto-engagement", "by": "TUR", "target": "ISR", "forum": "NATO", "on": "2023-10"})
    after = dtl.state("NATO", "ISR", "2024-03-01")["measures"]
    before = dtl.state("NATO", "ISR", "2023-09-01")["measures"]
    assert [(m["aspect"], m["by"], m["since"]) for m in after] == [("engagement-veto", ["TUR"], "2023-10")]
    assert before == []

package palisade.kubernetes.acme_team_label_test

import data.palisade.kubernetes.acme_team_label as r

test_missing_label_denied if {
	count(r.deny) == 1 with input as {"kind": "Deployment", "metadata": {"name": "x"}}
}

test_label_present_allowed if {
	count(r.deny) == 0 with input as {"kind": "Deployment", "metadata": {"name": "x", "labels": {"team": "a"}}}
}

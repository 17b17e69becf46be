package palisade.kubernetes_set.cluster_version_eol_test

import data.palisade.kubernetes_set.cluster_version_eol as rule

# 2025-01-15T00:00:00Z
_now := 1736899200000000000

test_eol_denied if {
	rule.deny == {{"msg": "Cluster \"prod\" runs Kubernetes v1.28.3, out of upstream support since 2024-10-28"}} with input as {"cluster": {"name": "prod", "version": "v1.28.3"}, "objects": []}
		with time.now_ns as _now
}

test_vendor_suffix_denied if {
	count(rule.deny) == 1 with input as {"cluster": {"name": "gke", "version": "v1.27.16-gke.100"}, "objects": []}
		with time.now_ns as _now
	count(rule.deny) == 1 with input as {"cluster": {"name": "eks", "version": "v1.26.2-eks-1234"}, "objects": []}
		with time.now_ns as _now
}

test_older_than_table_denied if {
	rule.deny == {{"msg": "Cluster \"old\" runs Kubernetes v1.21.14, out of upstream support since before 2023-10-28"}} with input as {"cluster": {"name": "old", "version": "v1.21.14"}, "objects": []}
		with time.now_ns as _now
}

test_supported_allowed if {
	count(rule.deny) == 0 with input as {"cluster": {"name": "prod", "version": "v1.29.1-gke.100"}, "objects": []}
		with time.now_ns as _now
	count(rule.deny) == 0 with input as {"cluster": {"name": "prod", "version": "v1.30.2-eks-1234"}, "objects": []}
		with time.now_ns as _now
}

test_eol_day_denied if {
	# 2025-02-28T00:00:00Z, the day 1.29 leaves support
	count(rule.deny) == 1 with input as {"cluster": {"name": "prod", "version": "v1.29.1"}, "objects": []}
		with time.now_ns as 1740700800000000000
}

test_unknown_versions_allowed if {
	count(rule.deny) == 0 with input as {"cluster": {"name": "prod", "version": "v1.45.0"}, "objects": []}
		with time.now_ns as _now
	count(rule.deny) == 0 with input as {"cluster": {"name": "prod", "version": "garbage"}, "objects": []}
		with time.now_ns as _now
	count(rule.deny) == 0 with input as {"cluster": {"name": "prod"}, "objects": []}
		with time.now_ns as _now
	count(rule.deny) == 0 with input as {"objects": []}
		with time.now_ns as _now
}

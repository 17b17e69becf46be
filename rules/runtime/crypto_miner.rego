# METADATA
# title: Crypto-miner started or connected
# description: >-
#   A known crypto-mining program (XMRig, xmr-stak, cpuminer/minerd, cgminer, bfgminer,
#   ethminer, NBMiner, T-Rex, lolMiner, PhoenixMiner, nanominer, TeamRedMiner, GMiner, ccminer,
#   SRBMiner) was started or opened a network connection, or a program was started with a
#   mining pool URL (stratum+tcp://, stratum+ssl://, ...) or XMRig's --donate-level option on its
#   command line. Mining is the most common use of a hijacked container and bills its owner for
#   the compute. Applies to containers and, with --host, to host processes.
# related_resources:
# - https://attack.mitre.org/techniques/T1496/
# - https://xmrig.com/docs/miner/command-line-options
# custom:
#   id: PAL-RT-010
#   severity: CRITICAL
#   input: runtime
#   events: [exec, connect]
#   remediation: >-
#     Treat the workload as compromised: stop it, keep its image and filesystem for analysis, find
#     how the miner got in (a vulnerable application, a leaked credential, a poisoned image) and
#     redeploy from a trusted image. Restrict egress with NetworkPolicies.
#   compliance:
#   - nist-800-190:4.1.3
#   - nist-800-190:4.4.4
#   - pci-dss-4.0:5.2.2
#   - pci-dss-4.0:11.5.1
package palisade.runtime.crypto_miner

import data.lib.runtime as rt

miners := {
	"xmrig", "xmrig-notls", "xmrig-cuda", "xmr-stak", "xmr-stak-cpu", "xmr-stak-rx", "minerd",
	"cpuminer", "cpuminer-multi", "cpuminer-opt", "cgminer", "bfgminer", "ethminer", "nbminer",
	"t-rex", "lolminer", "phoenixminer", "nanominer", "teamredminer", "gminer",
	"ccminer", "srbminer-multi", "srbminer",
}

miner_named if {
	some n in rt.process_names
	lower(n) in miners
}

mining_command if regex.match(`stratum[0-9]?\+(tcp|ssl|tls)://|(^|\s)--donate-level[=\s]`, lower(rt.cmdline))

deny contains res if {
	rt.event_type == "exec"
	miner_named
	res := {"msg": sprintf("Crypto-miner %s started in %s by %s: %s", [rt.proc_desc, rt.where, rt.parent_desc, rt.command])}
}

deny contains res if {
	rt.event_type == "exec"
	not miner_named
	mining_command
	res := {"msg": sprintf("%s started in %s with a mining pool on its command line, by %s: %s", [rt.proc_desc, rt.where, rt.parent_desc, rt.command])}
}

deny contains res if {
	rt.event_type == "connect"
	miner_named
	res := {"msg": sprintf("Crypto-miner %s in %s connected to %s port %d: %s", [rt.proc_desc, rt.where, input.network.address, input.network.port, rt.command])}
}

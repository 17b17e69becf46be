package palisade.dockerfile.shell_form_cmd_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.shell_form_cmd

test_shell_form_denied if {
	d := doc(["FROM nginx:1.27", "ENTRYPOINT /docker-entrypoint.sh", "CMD nginx -g \"daemon off;\""])
	{r.startLine | some r in shell_form_cmd.deny} == {2, 3} with input as d
}

test_only_effective_instruction_checked if {
	d := doc(["FROM nginx:1.27", "CMD nginx", "CMD [\"nginx\", \"-g\", \"daemon off;\"]"])
	count(shell_form_cmd.deny) == 0 with input as d
}

test_exec_allowed if {
	count(shell_form_cmd.deny) == 0 with input as doc(["FROM nginx:1.27", "CMD exec nginx -g \"daemon off;\""])
}

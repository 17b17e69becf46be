package palisade.dockerfile.world_writable_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.world_writable

test_world_writable_denied if {
	d := doc([
		"FROM alpine:3.20",
		"RUN chmod -R 777 /app",
		"RUN chmod 0666 /etc/app.conf",
		"RUN chmod a+rwx /data",
		"COPY --chmod=777 run.sh /run.sh",
	])
	{r.startLine | some r in world_writable.deny} == {2, 3, 4, 5} with input as d
}

test_safe_modes_allowed if {
	count(world_writable.deny) == 0 with input as doc([
		"FROM alpine:3.20",
		"RUN chmod 755 /app && chmod 1777 /scratch && chmod u+x run.sh && chmod o-w /data && chmod go=rx /srv",
		"COPY --chmod=0644 app.conf /etc/",
	])
}

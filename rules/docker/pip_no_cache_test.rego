package palisade.dockerfile.pip_no_cache_test

import data.lib.docker_input.doc
import data.palisade.dockerfile.pip_no_cache

test_cache_left_denied if {
	d := doc(["FROM python:3.12-slim", "RUN pip install -r requirements.txt", "RUN python3 -m pip install flask"])
	{r.startLine | some r in pip_no_cache.deny} == {2, 3} with input as d
}

test_no_cache_allowed if {
	count(pip_no_cache.deny) == 0 with input as doc([
		"FROM python:3.12-slim",
		"RUN pip install --no-cache-dir -r requirements.txt",
		"RUN --mount=type=cache,target=/root/.cache/pip pip install flask",
		"RUN PIP_NO_CACHE_DIR=1 pip3 install gunicorn",
		"RUN pip install uvicorn && rm -rf /root/.cache",
	])
}

test_env_allowed if {
	count(pip_no_cache.deny) == 0 with input as doc(["FROM python:3.12-slim", "ENV PIP_NO_CACHE_DIR=1", "RUN pip install flask"])
}

#!/usr/bin/env python3
"""`faultline serve` driven by the real AWS CLI (v1) and boto3 on 127.0.0.1.

Run from the repository root (scripts/test.sh does): python3 python/test_faultline_serve.py
The faultline binary is $FAULTLINE_BIN (default .build/debug/faultline). Skips, saying so, when
awscli or boto3 is not installed (./scripts/setup.sh installs the pinned versions). Every loop is
bounded in count and time; the server is started on a free loopback port and always killed.
"""
import json
import os
import pathlib
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = pathlib.Path(__file__).resolve().parent.parent
BIN = os.environ.get("FAULTLINE_BIN", str(ROOT / ".build" / "debug" / "faultline"))
SCENARIO = "scenarios/lambda-fis-stop-condition.yaml"
TEMPLATE = "scenarios/templates/lambda-error-stop-condition.json"
SEED = 2718
TERMINAL = {"completed", "stopped", "failed", "cancelled"}

try:
    import boto3  # noqa: F401
    import botocore  # noqa: F401
    HAVE_BOTO3 = True
except ImportError:
    HAVE_BOTO3 = False
AWS = shutil.which("aws")

# Dummy credentials and Region only: nothing leaves the machine, no real account is used.
CLIENT_ENV = {
    "AWS_ACCESS_KEY_ID": "AKIDFAULTLINETEST", "AWS_SECRET_ACCESS_KEY": "not-a-secret",
    "AWS_DEFAULT_REGION": "us-east-1", "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    "AWS_EC2_METADATA_DISABLED": "true", "NO_PROXY": "127.0.0.1", "no_proxy": "127.0.0.1",
}


class Server:
    """`faultline serve --port 0` in a temporary folder; reads the chosen port from its first line."""

    def __init__(self, *args):
        self.tmp = tempfile.mkdtemp(prefix="faultline-serve-")
        self.out = os.path.join(self.tmp, "out")
        cmd = [BIN, "serve", "--scenario", SCENARIO, "--port", "0", "--seed", str(SEED), "--out-dir", self.out, *args]
        self.proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.port = None
        deadline = time.monotonic() + 60
        while self.port is None and time.monotonic() < deadline:
            ready, _, _ = select.select([self.proc.stdout], [], [], max(0.1, deadline - time.monotonic()))
            if not ready:
                break
            line = self.proc.stdout.readline()
            if not line:
                break
            if "http://127.0.0.1:" in line:
                self.port = int(line.rsplit(":", 1)[1].strip())
        if self.port is None:
            self.stop()
            raise RuntimeError("faultline serve did not print its port within 60 s")
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.proc.stdout.close()
        shutil.rmtree(self.tmp, ignore_errors=True)


def aws(server, *args, check=True):
    env = {**os.environ, **CLIENT_ENV}
    p = subprocess.run([AWS, "fis", *args, "--endpoint-url", server.url, "--output", "json"], cwd=ROOT, env=env,
                       capture_output=True, text=True, timeout=60)
    if check and p.returncode != 0:
        raise AssertionError(f"aws fis {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return (json.loads(p.stdout) if p.stdout.strip() else {}) if check else p


def poll(fetch, done, seconds=90, tries=200, pause=0.25):
    """Calls fetch() until done(value); at most `tries` calls and `seconds` seconds."""
    deadline = time.monotonic() + seconds
    value = None
    for _ in range(tries):
        value = fetch()
        if done(value) or time.monotonic() > deadline:
            return value
        time.sleep(pause)
    return value


@unittest.skipUnless(AWS and HAVE_BOTO3, "awscli/boto3 not installed (run ./scripts/setup.sh)")
class AWSCLITest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def get(self, exp):
        return aws(self.server, "get-experiment", "--id", exp)["experiment"]

    def test_cli_runs_the_shipped_template_like_faultline_run(self):
        s = self.server
        tid = aws(s, "create-experiment-template", "--cli-input-json", f"file://{TEMPLATE}")["experimentTemplate"]["id"]
        self.assertTrue(tid.startswith("EXT"))
        started = aws(s, "start-experiment", "--experiment-template-id", tid)["experiment"]
        self.assertEqual(started["state"]["status"], "initiating")
        exp = started["id"]
        final = poll(lambda: self.get(exp), lambda e: e["state"]["status"] in TERMINAL)
        # faultline run of the same scenario and seed: the same outcome, byte for byte.
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([BIN, "run", SCENARIO, "--seed", str(SEED), "--out", os.path.join(tmp, "run"), "--quiet"], cwd=ROOT,
                           check=True, timeout=300, capture_output=True)
            ran = json.loads(pathlib.Path(tmp, "run", "experiment.json").read_text())
            outcome = ran["experiments"][0] if "experiments" in ran else ran
            self.assertEqual(final["state"]["status"], outcome["status"])
            for name, action in final["actions"].items():
                want = next(a for a in outcome["actions"] if a["name"] == name)
                self.assertEqual(action["state"]["status"], want["status"], name)
            served = pathlib.Path(s.out, "experiments", exp)
            self.assertEqual(pathlib.Path(served, "timeline.csv").read_bytes(), pathlib.Path(tmp, "run", "timeline.csv").read_bytes())
            # summary.json names where each experiment's template came from: the scenario's file
            # for faultline run, the API's template for serve; every other byte is the same.
            served_summary = json.loads(pathlib.Path(served, "summary.json").read_text())
            ran_summary = json.loads(pathlib.Path(tmp, "run", "summary.json").read_text())
            for e in served_summary.get("experiments", []):
                self.assertEqual(e.pop("template"), f"fis-api/{started['experimentTemplateId']}.json")
            for e in ran_summary.get("experiments", []):
                e.pop("template")
            self.assertEqual(served_summary, ran_summary)
        self.assertIn("stop condition checkout-errors fired", final["state"]["reason"])
        report = final["experimentReport"]["s3Reports"][0]["arn"]
        self.assertTrue(report.endswith(f"/experiments/{exp}/report.html"), report)
        targets = aws(s, "list-experiment-resolved-targets", "--experiment-id", exp)["resolvedTargets"]
        self.assertEqual([t["targetInformation"]["arn"] for t in targets], ["arn:aws:lambda:us-east-1:123456789012:function:checkout"])

        # A second experiment, paced x5 by its tag, stopped while its action runs.
        exp2 = aws(s, "start-experiment", "--experiment-template-id", tid, "--tags", "faultline:pace=x5")["experiment"]["id"]
        running = poll(lambda: self.get(exp2), lambda e: e["actions"]["invocation-error"]["state"]["status"] != "pending"
                       or e["state"]["status"] in TERMINAL, seconds=30)
        self.assertEqual(running["actions"]["invocation-error"]["state"]["status"], "running")
        stopping = aws(s, "stop-experiment", "--id", exp2)["experiment"]
        self.assertEqual(stopping["state"]["status"], "stopping")
        stopped = poll(lambda: self.get(exp2), lambda e: e["state"]["status"] in TERMINAL)
        self.assertEqual(stopped["state"]["status"], "stopped")
        self.assertIn("StopExperiment", stopped["state"]["reason"])
        self.assertEqual(stopped["actions"]["invocation-error"]["state"]["status"], "stopped")
        self.assertEqual(stopped["actions"]["observe"]["state"]["status"], "cancelled")
        again = aws(s, "stop-experiment", "--id", exp2, check=False)
        self.assertEqual(again.returncode, 255)
        self.assertIn("ValidationException", again.stderr)

        # Target preview: every action skipped, the blast radius listed.
        exp3 = aws(s, "start-experiment", "--experiment-template-id", tid, "--experiment-options", "actionsMode=skip-all")["experiment"]["id"]
        preview = poll(lambda: self.get(exp3), lambda e: e["state"]["status"] in TERMINAL)
        self.assertEqual(preview["state"]["status"], "completed")
        self.assertEqual({a["state"]["status"] for a in preview["actions"].values()}, {"skipped"})
        self.assertEqual(len(aws(s, "list-experiment-resolved-targets", "--experiment-id", exp3)["resolvedTargets"]), 1)

    def test_cli_errors(self):
        s = self.server
        missing = aws(s, "get-experiment-template", "--id", "EXTnotThere0000000", check=False)
        self.assertEqual(missing.returncode, 255)
        self.assertIn("ResourceNotFoundException", missing.stderr)
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as bad:
            t = json.loads(pathlib.Path(ROOT, TEMPLATE).read_text())
            t["targets"]["FisReadyFunctions"]["selectionMode"] = "SOME"
            json.dump(t, bad)
        try:
            invalid = aws(s, "create-experiment-template", "--cli-input-json", f"file://{bad.name}", check=False)
        finally:
            os.unlink(bad.name)
        self.assertEqual(invalid.returncode, 255)
        self.assertIn("ValidationException", invalid.stderr)
        self.assertIn("selectionMode", invalid.stderr)


@unittest.skipUnless(AWS and HAVE_BOTO3, "awscli/boto3 not installed (run ./scripts/setup.sh)")
class Boto3Test(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = Server()
        session = boto3.session.Session(aws_access_key_id=CLIENT_ENV["AWS_ACCESS_KEY_ID"],
                                        aws_secret_access_key=CLIENT_ENV["AWS_SECRET_ACCESS_KEY"], region_name="us-east-1")
        cls.fis = session.client("fis", endpoint_url=cls.server.url,
                                 config=botocore.config.Config(retries={"max_attempts": 1}, connect_timeout=5, read_timeout=120))

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def template(self, **extra):
        t = json.loads(pathlib.Path(ROOT, TEMPLATE).read_text())
        t.update(extra)
        return t

    def test_pages_and_idempotency(self):
        fis = self.fis
        first = fis.create_experiment_template(clientToken="token-1", **self.template())["experimentTemplate"]
        again = fis.create_experiment_template(clientToken="token-1", **self.template())["experimentTemplate"]
        self.assertEqual(first["id"], again["id"])
        with self.assertRaises(fis.exceptions.ConflictException):
            fis.create_experiment_template(clientToken="token-1", **self.template(description="another body"))
        ids = [first["id"]] + [fis.create_experiment_template(**self.template(description=f"copy {k}"))["experimentTemplate"]["id"]
                               for k in range(4)]
        pages = list(fis.get_paginator("list_experiment_templates").paginate(PaginationConfig={"PageSize": 2, "MaxItems": 50}))
        self.assertEqual(len(pages), 3)
        self.assertEqual([t["id"] for p in pages for t in p["experimentTemplates"]], ids)
        self.assertIsInstance(pages[0]["experimentTemplates"][0]["creationTime"].year, int)

        e1 = fis.start_experiment(experimentTemplateId=ids[0], clientToken="start-1")["experiment"]
        e2 = fis.start_experiment(experimentTemplateId=ids[0], clientToken="start-1")["experiment"]
        self.assertEqual(e1["id"], e2["id"])
        with self.assertRaises(fis.exceptions.ConflictException):
            fis.start_experiment(experimentTemplateId=ids[1], clientToken="start-1")
        fis.start_experiment(experimentTemplateId=ids[1], experimentOptions={"actionsMode": "skip-all"})
        listed = [e for p in fis.get_paginator("list_experiments").paginate(PaginationConfig={"PageSize": 1, "MaxItems": 20})
                  for e in p["experiments"]]
        self.assertEqual(len(listed), 2)
        self.assertTrue(all(e["state"]["status"] in TERMINAL for e in listed))
        with self.assertRaises(fis.exceptions.ResourceNotFoundException):
            fis.get_experiment(id="EXPnotThere0000000")
        arn = first["arn"]
        fis.tag_resource(resourceArn=arn, tags={"team": "payments"})
        fis.untag_resource(resourceArn=arn, tagKeys=["Name"])
        self.assertEqual(fis.list_tags_for_resource(resourceArn=arn)["tags"], {"team": "payments"})


if __name__ == "__main__":
    unittest.main(verbosity=2)

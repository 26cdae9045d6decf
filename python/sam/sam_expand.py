"""Expand a SAM template to plain CloudFormation JSON with aws-sam-translator, offline.

Used only by the optional cross-check test of Faultline's own SAM expansion
(Tests/FaultlineImportTests/SAMTranslatorTests.swift); `faultline import` does not need it.
The recipe and its workarounds are those of ../shared/corpus/iac-templates/README.md: a dummy
region (the translator asks boto3 for one), placeholder S3 URIs for local CodeUri/ContentUri
(the S3 objects are never read), unquoted dates kept as strings, no IAM managed-policy lookup.
Usage: python3 sam_expand.py TEMPLATE > expanded.json
"""
import json
import os
import sys

os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

import yaml  # PyYAML
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import intrinsics_multi_constructor


class CfnYamlLoader(yaml.SafeLoader):
    pass


CfnYamlLoader.add_multi_constructor("!", intrinsics_multi_constructor)
CfnYamlLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class StubPolicyLoader:
    def load(self):
        return {}


PLACEHOLDER = "s3://placeholder-bucket/placeholder.zip"
URI_KEYS = ["CodeUri", "ContentUri", "DefinitionUri"]


def expand(text):
    doc = yaml.load(text, Loader=CfnYamlLoader)
    props = [(doc.get("Globals") or {}).get("Function") or {}]
    props += [r.get("Properties") or {} for r in doc["Resources"].values()]
    for p in props:
        for key in URI_KEYS:
            if isinstance(p.get(key), str) and not p[key].startswith("s3://"):
                p[key] = PLACEHOLDER
    return transform(doc, {}, StubPolicyLoader())


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as f:
        print(json.dumps(expand(f.read()), indent=1))

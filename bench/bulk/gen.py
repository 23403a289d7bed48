#!/usr/bin/env python3
"""gen.py N OUT [TEMPLATE.ttl]: a folder for `phd import` with one facility, one model and N instruments,
each with one configuration (the demo confocal descriptor, its name changed per instrument)."""
import json, os, sys
n, out = int(sys.argv[1]), sys.argv[2]
here = os.path.dirname(os.path.abspath(__file__))
template = open(sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, "../../src/PhdResolver.Web/Demo/confocal-1-c1.ttl"), encoding="utf-8").read()
for d in ("facilities", "models", "instances", "descriptors"):
    os.makedirs(os.path.join(out, d), exist_ok=True)
def write(path, text):
    with open(os.path.join(out, path), "w", encoding="utf-8") as f:
        f.write(text)
write("facilities/core.json", json.dumps({"name": "Bench Imaging Core", "rrid": "RRID:SCR_900001", "city": "Heidelberg", "country": "DE"}))
write("models/confocal.json", json.dumps({"name": "Bench Confocal 9000", "manufacturer": "Bench Optics", "rrid": "RRID:SCR_900002", "modality": "confocal"}))
for i in range(n):
    write(f"instances/i{i:06d}.json", json.dumps({"identifier": f"doi:10.5072/bulk.{i}", "name": f"Bench confocal {i}", "facility": "ref:core", "model": "ref:confocal"}))
    write(f"descriptors/i{i:06d}.ttl", template.replace("Confocal 1 (room B2.114)", f"Bench confocal {i}"))

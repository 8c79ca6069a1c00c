#!/usr/bin/env python3
"""Checks a Communications Centre evidence pack against the organisation's public key, with Python 3 alone.

    python3 verify_pack.py evidence.json public-key.pem

Prints OK and exits 0 when every check passes; prints BAD lines and exits 1 otherwise. It checks, as
docs/evidence.md describes: the file is the canonical JSON the library signed, and its signature verifies; each
checkpoint is signed by the key and consistent with the last one; each event's hash matches its content and its
inclusion proof leads to the last checkpoint's root (RFC 6962/9162 Merkle hashing); the content and the recipients
have the digests the sent/failed event recorded. Written without the library's code, so that nobody need trust it.
"""
import base64
import hashlib
import json
import sys

# ---- Ed25519 signature check (RFC 8032, section 5.1.7), in plain integers: slow, short and readable -------------
P = 2 ** 255 - 19
L = 2 ** 252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _x(y, sign):
    xx = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    x = pow(xx, (P + 3) // 8, P)
    if (x * x - xx) % P:
        x = x * SQRT_M1 % P
    if (x * x - xx) % P or (x == 0 and sign):
        return None
    return P - x if x & 1 != sign else x


def _point(data):  # 32 bytes -> extended coordinates (X, Y, Z, T), or None
    y = int.from_bytes(data, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = None if y >= P else _x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


def _add(a, b):
    e1, f1 = (a[1] - a[0]) * (b[1] - b[0]) % P, (a[1] + a[0]) * (b[1] + b[0]) % P
    c, d = 2 * a[3] * b[3] * D % P, 2 * a[2] * b[2] % P
    e, f, g, h = f1 - e1, d - c, d + c, f1 + e1
    return e * f % P, g * h % P, f * g % P, e * h % P


def _times(n, point):
    result = (0, 1, 1, 0)
    while n:
        if n & 1:
            result = _add(result, point)
        point, n = _add(point, point), n >> 1
    return result


def _same(a, b):
    return (a[0] * b[2] - b[0] * a[2]) % P == 0 and (a[1] * b[2] - b[1] * a[2]) % P == 0


BASE = _point((4 * pow(5, P - 2, P) % P).to_bytes(32, "little"))


def ed25519_valid(public_key, message, signature):
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a, r, s = _point(public_key), _point(signature[:32]), int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % L
    return _same(_times(s, BASE), _add(r, _times(k, a)))


# ---- RFC 6962 Merkle tree -----------------------------------------------------------------------------------
def sha256(data):
    return hashlib.sha256(data).hexdigest()


def node(left, right):
    return sha256(b"\x01" + bytes.fromhex(left) + bytes.fromhex(right))


def root_from_inclusion(index, size, leaf, proof):  # RFC 9162, 2.1.3.2
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return None
        if fn & 1 or fn == sn:
            r = node(p, r)
            while fn & 1 == 0 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node(r, p)
        fn, sn = fn >> 1, sn >> 1
    return r if sn == 0 else None


def consistent(size1, size2, root1, root2, proof):  # RFC 9162, 2.1.4.2
    path = ([root1] if size1 & (size1 - 1) == 0 else []) + proof
    if not 0 < size1 < size2 or not path:
        return False
    fn, sn = size1 - 1, size2 - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while fn & 1 == 0 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == root1 and sr == root2


# ---- the pack -------------------------------------------------------------------------------------------------
def canonical(value):
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


SNAPSHOT = ("addedAt", "addedBy", "addressLines", "country", "email", "name", "position", "postcode", "recipientId",
            "town", "unitId")
NOT_HASHED = ("hash", "inclusionProof", "witnessedBy")


def check(raw, spki):
    bad = []
    pack = json.loads(raw.decode("utf-8"))
    if canonical(pack) != raw:
        return ["the file is not exactly the canonical JSON the library wrote: it was edited or re-formatted"]
    key = spki[-32:]
    fingerprint = sha256(spki)
    if pack["publicKey"]["fingerprint"] != fingerprint:
        return [f"the pack names key {pack['publicKey']['fingerprint']}, not the key given ({fingerprint})"]
    unsigned = {k: v for k, v in pack.items() if k != "packSignature"}
    if not ed25519_valid(key, canonical(unsigned), base64.b64decode(pack["packSignature"])):
        bad.append("the pack's own signature does not verify")
    org, last = pack["organisationId"], pack["checkpoints"][-1]
    for c in pack["checkpoints"]:
        statement = {"organisationId": org, "rootHash": c["rootHash"], "signedAt": c["signedAt"],
                     "treeSize": c["treeSize"], "type": "communication-centre-checkpoint/1"}
        if c["organisationId"] != org or not ed25519_valid(key, canonical(statement), base64.b64decode(c["signature"])):
            bad.append(f"checkpoint {c['treeSize']}: its signature does not verify")
        elif c is not last and not consistent(c["treeSize"], last["treeSize"], c["rootHash"], last["rootHash"],
                                              c["consistencyProof"]):
            bad.append(f"checkpoint {c['treeSize']} is not consistent with checkpoint {last['treeSize']}")
    sizes = {c["treeSize"] for c in pack["checkpoints"]}
    for e in pack["events"]:
        where = f"event {e['sequence']} ({e['type']})"
        digest = sha256(canonical({k: v for k, v in e.items() if k not in NOT_HASHED}))
        leaf = sha256(b"\x00" + bytes.fromhex(digest))
        if digest != e["hash"] or e["communicationId"] != pack["communicationId"] or e["organisationId"] != org:
            bad.append(f"{where}: its hash does not match its content")
        elif root_from_inclusion(e["sequence"] - 1, last["treeSize"], leaf, e["inclusionProof"]) != last["rootHash"]:
            bad.append(f"{where}: its inclusion proof does not lead to checkpoint {last['treeSize']}")
        elif e["witnessedBy"] not in sizes or e["witnessedBy"] < e["sequence"]:
            bad.append(f"{where}: its first checkpoint {e['witnessedBy']} is not in the pack or does not cover it")
    outcome = next((e for e in pack["events"] if e["type"] in ("sent", "failed")), None)
    content = pack["communication"]
    if content is not None:
        if sha256(canonical(content)) != pack["contentSha256"]:
            bad.append("the content's digest is not the one the pack states")
        elif outcome and outcome["details"]["contentSha256"] != pack["contentSha256"]:
            bad.append(f"the content is not the one event {outcome['sequence']} recorded")
    erasures = [e for e in pack["events"] if e["type"] == "personal_data_erased"]
    erased = {e["recipientId"]: e["details"]["elementSha256"] for e in erasures}
    for r in pack["recipients"]:
        if r["erased"]:
            if erased.get(r["recipientId"]) != r["elementSha256"] or any(r[k] for k in ("name", "email", "addressLines")):
                bad.append(f"recipient {r['recipientId']} is shown as erased, but no erasure event vouches for it")
        elif sha256(canonical({k: r[k] for k in SNAPSHOT})) != r["elementSha256"]:
            bad.append(f"recipient {r['recipientId']}: its snapshot does not match its digest")
    if outcome:
        details = outcome["details"]
        version = details.get("recipientsSha256Version", "1")
        if version == "4" or erasures:
            found = sha256(canonical([r["elementSha256"] for r in pack["recipients"]]))
            expected = details["recipientsSha256"] if version == "4" else erasures[-1]["details"]["recipientsSha256"]
        else:
            keys = SNAPSHOT if version == "3" else [k for k in SNAPSHOT if k not in ("addressLines", "town", "postcode",
                                                                                    "country")]
            keys = keys if version != "1" else [k for k in keys if k not in ("addedAt", "addedBy")]
            found = sha256(canonical([{k: r[k] for k in keys} for r in pack["recipients"]]))
            expected = details["recipientsSha256"]
        if found != expected or details["recipientCount"] != str(len(pack["recipients"])):
            bad.append(f"the recipients are not those event {outcome['sequence']} recorded")
    return bad


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: python3 verify_pack.py <pack.json> <public-key.pem>")
    with open(sys.argv[1], "rb") as f:
        raw = f.read()
    with open(sys.argv[2], encoding="ascii") as f:  # PEM, or the Base64 of the key's X.509 encoding
        spki = base64.b64decode("".join(line.strip() for line in f if not line.startswith("-----")))
    try:
        problems = check(raw, spki)
    except (KeyError, TypeError, ValueError, IndexError) as e:
        problems = [f"the pack is malformed: {e!r}"]
    if problems:
        print("REFUSED")
        for line in problems:
            print("  BAD " + line)
        sys.exit(1)
    pack = json.loads(raw)
    last = pack["checkpoints"][-1]
    print(f"OK {len(pack['events'])} events of communication {pack['communicationId']} proven in checkpoint "
          f"{last['treeSize']} (signed {last['signedAt']}), {len(pack['recipients'])} recipients")


if __name__ == "__main__":
    main()

"""Set-up for tests/bench/media.sh.

  media_setup.py qiao HTTP_URL PASSWORD TRUNK_PORT
      Logs in as owner@demo, makes the demo hotline's flow a single transfer node to an
      outside number and points the demo trunk at 127.0.0.1:TRUNK_PORT (the far party), so
      every call to +861085550100 is bridged to a call Qiao places, and recorded.
  media_setup.py rtpengine N PORT_A PORT_B SEED_A SEED_B
      Opens N calls in rtpengine over its NG protocol (127.0.0.1:22222), A's SDP naming
      PORT_A and B's naming PORT_B, and writes where A and B must send (one port a line).
  media_setup.py rtpengine-delete N
"""

import json
import random
import re
import socket
import sys
import urllib.request

FLOW = {
    "start": "out",
    "nodes": [
        {
            "id": "out",
            "type": "transfer",
            "position": {"x": 0, "y": 0},
            "target": {"kind": "number", "number": "+8613900139000"},
            "onFailure": "bye",
        },
        {"id": "bye", "type": "hangup", "position": {"x": 0, "y": 120}},
    ],
}


def gql(url, token, query, variables=None):
    req = urllib.request.Request(
        url + "/graphql",
        data=json.dumps({"query": query, "variables": variables or {}}).encode(),
        headers={"content-type": "application/json"}
        | ({"authorization": "Bearer " + token} if token else {}),
    )
    with urllib.request.urlopen(req, timeout=30) as r:
        body = json.load(r)
    if body.get("errors"):
        sys.exit("GraphQL error: %s" % body["errors"])
    return body["data"]


def qiao(url, password, trunk_port):
    token = gql(
        url,
        None,
        "mutation($p: String!) { logIn(input: {tenantSlug: \"demo\", email: \"owner@demo\", password: $p}) { accessToken } }",
        {"p": password},
    )["logIn"]["accessToken"]
    flow = gql(url, token, "{ ivrFlows { id } }")["ivrFlows"][0]["id"]
    saved = gql(
        url,
        token,
        "mutation($id: ID!, $g: JSON!) { saveIvrFlowDraft(id: $id, graph: $g) { issues { nodeId } } }",
        {"id": flow, "g": FLOW},
    )
    if saved["saveIvrFlowDraft"]["issues"]:
        sys.exit("bench flow has issues: %s" % saved)
    gql(url, token, "mutation($id: ID!) { publishIvrFlow(id: $id) { version } }", {"id": flow})
    trunk = gql(url, token, "{ sipTrunks { id } }")["sipTrunks"][0]["id"]
    gql(
        url,
        token,
        "mutation($id: ID!, $p: Int!) { updateSipTrunk(id: $id, input: {name: \"Far\", host: \"127.0.0.1\", port: $p, allowedSources: [\"127.0.0.1/32\"]}) { id } }",
        {"id": trunk, "p": int(trunk_port)},
    )


def benc(x):
    if isinstance(x, int):
        return b"i%de" % x
    if isinstance(x, str):
        x = x.encode()
    if isinstance(x, bytes):
        return b"%d:%s" % (len(x), x)
    if isinstance(x, list):
        return b"l" + b"".join(benc(i) for i in x) + b"e"
    return b"d" + b"".join(benc(k) + benc(v) for k, v in sorted(x.items())) + b"e"


def bdec(b, i=0):
    c = b[i : i + 1]
    if c == b"i":
        j = b.index(b"e", i)
        return int(b[i + 1 : j]), j + 1
    if c in (b"l", b"d"):
        i += 1
        out = [] if c == b"l" else {}
        while b[i : i + 1] != b"e":
            if c == b"l":
                v, i = bdec(b, i)
                out.append(v)
            else:
                k, i = bdec(b, i)
                v, i = bdec(b, i)
                out[k.decode()] = v
        return out, i + 1
    j = b.index(b":", i)
    n = int(b[i:j])
    return b[j + 1 : j + 1 + n], j + 1 + n


NG = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
NG.settimeout(5)


def ng(d):
    cookie = "%x" % random.getrandbits(48)
    NG.sendto(cookie.encode() + b" " + benc(d), ("127.0.0.1", 22222))
    while True:
        c, _, body = NG.recv(65535).partition(b" ")
        if c.decode() == cookie:
            r = bdec(body)[0]
            if r.get("result") != b"ok":
                sys.exit("rtpengine: %s" % r)
            return r


def sdp(port):
    return (
        "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
        "m=audio %d RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\na=sendrecv\r\n" % port
    )


def media_port(s):
    return int(re.search(rb"m=audio (\d+)", s).group(1))


def rtpengine(n, port_a, port_b, seed_a, seed_b):
    to_a, to_b = [], []
    for i in range(n):
        cid = "bench-%d" % i
        o = ng({"command": "offer", "call-id": cid, "from-tag": "a%d" % i, "sdp": sdp(port_a)})
        a = ng(
            {
                "command": "answer",
                "call-id": cid,
                "from-tag": "a%d" % i,
                "to-tag": "b%d" % i,
                "sdp": sdp(port_b),
            }
        )
        to_b.append(media_port(o["sdp"]))  # the offer as B sees it: where B sends
        to_a.append(media_port(a["sdp"]))  # the answer as A sees it: where A sends
    open(seed_a, "w").write("\n".join(map(str, to_a)) + "\n")
    open(seed_b, "w").write("\n".join(map(str, to_b)) + "\n")


def rtpengine_delete(n):
    for i in range(n):
        ng({"command": "delete", "call-id": "bench-%d" % i, "from-tag": "a%d" % i})


if __name__ == "__main__":
    if sys.argv[1] == "qiao":
        qiao(*sys.argv[2:5])
    elif sys.argv[1] == "rtpengine":
        rtpengine(int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], sys.argv[6])
    elif sys.argv[1] == "rtpengine-delete":
        rtpengine_delete(int(sys.argv[2]))

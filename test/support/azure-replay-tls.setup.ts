import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * A TLS certificate for the Azure replay server (test/support/azure-replay.ts), made with the
 * openssl CLI for this run, and trusted by the test workers through NODE_EXTRA_CA_CERTS.
 *
 * Why: the Azure SDKs' bearer-token policy refuses to send a token over plain http, and MSAL
 * only talks to an https authority, so the replay must be https and the SDK must trust it. Node
 * reads NODE_EXTRA_CA_CERTS once, when a process starts; vitest's workers are child processes
 * started after global setup, with this process's environment, so setting it here trusts the
 * certificate in every worker — the production code (the SSRF-guarded outbound client under the
 * SDKs) runs unchanged, with no test-only trust option. An already-set NODE_EXTRA_CA_CERTS is
 * kept: both go into one bundle.
 */
const DIR = path.resolve(".tmp", `azure-replay-tls-${process.pid}`);

export default function setup() {
  mkdirSync(DIR, { recursive: true });
  const key = path.join(DIR, "key.pem");
  const cert = path.join(DIR, "cert.pem");
  execFileSync(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      key,
      "-out",
      cert,
      "-days",
      "2",
      "-subj",
      "/CN=Glass Pane Azure replay",
      "-addext",
      "subjectAltName=IP:127.0.0.1,DNS:localhost",
    ],
    { stdio: "ignore" },
  );
  const previous = process.env.NODE_EXTRA_CA_CERTS;
  const bundle = path.join(DIR, "trusted.pem");
  const earlier = previous && existsSync(previous) ? `${readFileSync(previous, "utf8")}\n` : "";
  writeFileSync(bundle, earlier + readFileSync(cert, "utf8"));
  process.env.NODE_EXTRA_CA_CERTS = bundle;
  process.env.GLASSPANE_TEST_AZURE_TLS = DIR;
  return () => {
    rmSync(DIR, { recursive: true, force: true });
    if (previous === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
    else process.env.NODE_EXTRA_CA_CERTS = previous;
  };
}

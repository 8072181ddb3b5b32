// One synchronisation run of the npm LDES client (ldes-client, rdf-connect) over a stream:
// node tests/ldes_replicate.mjs <url> <state folder> [follow]
// Prints one JSON line per member the client emits ({id, isVersionOf, timestamp, type,
// quads: N-Quads}) on stdout, and each URL it fetches (`fetch <url>`) on stderr. The state
// folder lets the next run resume where this one stopped, as a registry's harvester does; with
// `follow` the client stays in sync (it polls the pages that are not immutable) until killed.
import { replicateLDES, intoConfig, enhanced_fetch } from "ldes-client";
import { Writer } from "n3";

const [url, statePath, mode] = process.argv.slice(2);
const logged = async (input, init) => {
  process.stderr.write(`fetch ${input instanceof Request ? input.url : input}\n`);
  return fetch(input, init);
};
const client = replicateLDES(
  intoConfig({
    url,
    statePath,
    polling: mode === "follow",
    pollInterval: 300,
    fetch: enhanced_fetch({ retry: {} }, logged),
  }),
);
const reader = client.stream({ highWaterMark: 10 }).getReader();
for (;;) {
  const { value, done } = await reader.read();
  if (value) {
    const line = {
      id: value.id.value,
      isVersionOf: value.isVersionOf ?? null,
      timestamp: value.timestamp instanceof Date ? value.timestamp.toISOString() : null,
      types: value.quads
        .filter((q) => q.subject.equals(value.id) && q.predicate.value.endsWith("#type"))
        .map((q) => q.object.value),
      quads: new Writer({ format: "N-Quads" }).quadsToString(value.quads),
    };
    process.stdout.write(JSON.stringify(line) + "\n");
  }
  if (done) break;
}

/**
 * Lets the API answers computed in one turn of the event loop be written together, at the end
 * of that turn.
 *
 * Writing an answer to a socket whose peer is asleep pays for waking that peer up: with a local
 * peer (a reverse proxy on the same host, a script, the benchmark's client) the wake-up is
 * charged to our `writev`, and on a virtual machine it costs about as much again as the rest of
 * a cached read. Answers written back to back find the peer already awake. A cached read runs
 * from its socket's read to its answer inside one I/O callback, so answers only come out back to
 * back if they wait for the turn's check phase (`setImmediate`), where every answer of the turn
 * is then sent in one burst. The wait is the rest of the event loop's poll phase: a few
 * microseconds with nothing else to do. Its cost: an answer that shares a turn with a long
 * synchronous callback (a big PGlite query, a large export being serialised) leaves after that
 * callback rather than before it.
 */
export function createAnswerBatch(): () => Promise<void> {
  let turn: Promise<void> | undefined;
  const endOfTurn = () =>
    new Promise<void>((resolve) =>
      setImmediate(() => {
        turn = undefined;
        resolve();
      }),
    );
  return () => {
    turn ??= endOfTurn();
    return turn;
  };
}

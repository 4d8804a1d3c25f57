import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local server speaking OpenAI's chat-completions streaming wire format (server-sent events of
 * `chat.completion.chunk`s, tool calls as argument deltas, a final usage chunk, `[DONE]`), as
 * llama.cpp's llama-server, vLLM and LM Studio do. Each request takes the next scripted turn, or
 * the turn `respond` picks from the conversation so far (so a retried question gets its answer).
 */
export type ScriptedTurn =
  | { text: string; usage?: [number, number] }
  | { toolCall: { name: string; args: Record<string, unknown> }; usage?: [number, number] };

export async function startOpenAiCompatibleServer(
  turns: ScriptedTurn[],
  options: {
    /**
     * Answers requests that are not the conversation under test (a triage note the server asks
     * for on its own, say) without taking a scripted turn; they are kept in `asideRequests`.
     */
    aside?: (body: Record<string, unknown>) => ScriptedTurn | undefined;
    /** Picks the turn from the request instead of taking the next scripted one. */
    respond?: (body: Record<string, unknown>) => ScriptedTurn | undefined;
  } = {},
) {
  const requests: { path: string; authorization?: string; body: Record<string, unknown> }[] = [];
  const asideRequests: typeof requests = [];
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (chunk: Buffer) => {
      raw += chunk.toString();
    });
    req.on("end", () => {
      const body = JSON.parse(raw || "{}") as Record<string, unknown>;
      const asideTurn = options.aside?.(body);
      (asideTurn ? asideRequests : requests).push({
        path: req.url ?? "",
        authorization: req.headers.authorization,
        body,
      });
      const turn = asideTurn ?? (options.respond ? options.respond(body) : turns.shift());
      if (!turn || req.url !== "/v1/chat/completions") {
        res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: "no scripted turn left" } }));
        return;
      }
      const [prompt, completion] = turn.usage ?? [0, 0];
      const usage = {
        prompt_tokens: prompt,
        completion_tokens: completion,
        total_tokens: prompt + completion,
      };
      if (body.stream !== true) {
        // A plain (non-streaming) completion, as the settings test asks for.
        const message =
          "text" in turn
            ? { role: "assistant", content: turn.text }
            : {
                role: "assistant",
                content: null,
                tool_calls: [
                  {
                    id: "call_abc",
                    type: "function",
                    function: {
                      name: turn.toolCall.name,
                      arguments: JSON.stringify(turn.toolCall.args),
                    },
                  },
                ],
              };
        res.writeHead(200, { "content-type": "application/json" });
        res.end(
          JSON.stringify({
            id: `chatcmpl-${requests.length}`,
            object: "chat.completion",
            created: 1,
            model: String(body.model),
            choices: [{ index: 0, message, finish_reason: "text" in turn ? "stop" : "tool_calls" }],
            usage,
          }),
        );
        return;
      }
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      const base = {
        id: `chatcmpl-${requests.length}`,
        object: "chat.completion.chunk",
        created: 1,
        model: String(body.model),
      };
      const send = (choices: unknown[], extra: Record<string, unknown> = {}) =>
        res.write(`data: ${JSON.stringify({ ...base, choices, ...extra })}\n\n`);
      if ("text" in turn) {
        send([{ index: 0, delta: { role: "assistant", content: "" }, finish_reason: null }]);
        // Word by word, as a model streams.
        for (const word of turn.text.split(/(?<= )/))
          send([{ index: 0, delta: { content: word }, finish_reason: null }]);
        send([{ index: 0, delta: {}, finish_reason: "stop" }]);
      } else {
        const args = JSON.stringify(turn.toolCall.args);
        const half = Math.floor(args.length / 2);
        send([
          {
            index: 0,
            delta: {
              role: "assistant",
              content: null,
              tool_calls: [
                {
                  index: 0,
                  id: "call_abc",
                  type: "function",
                  function: { name: turn.toolCall.name, arguments: "" },
                },
              ],
            },
            finish_reason: null,
          },
        ]);
        for (const part of [args.slice(0, half), args.slice(half)])
          send([
            {
              index: 0,
              delta: { tool_calls: [{ index: 0, function: { arguments: part } }] },
              finish_reason: null,
            },
          ]);
        send([{ index: 0, delta: {}, finish_reason: "tool_calls" }]);
      }
      send([], { usage });
      res.end("data: [DONE]\n\n");
    });
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    asideRequests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

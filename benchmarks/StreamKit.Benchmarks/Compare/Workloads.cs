using System;
using System.Text;
using System.Text.Json;

namespace StreamKit.Benchmarks.Compare
{
    /// <summary>Synthetic streams of a realistic shape: OpenAI-style chunks with usage: null on every chunk, 1–8 character deltas with non-ASCII text and JSON escapes.</summary>
    public static class Workloads
    {
        private static readonly string[] Pieces = { "The", " quick", " brown", " fox", " — ", "jumps", " \"over\"", " the", " lazy", " dog.", "\n", " Ünïcødé", " ok", "!" };

        public static (byte[] Body, string Text) ChatText(int chunks)
        {
            var sb = new StringBuilder();
            var text = new StringBuilder();
            const string head = "{\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,\"model\":\"gpt-4o-2024-08-06\",\"service_tier\":\"default\",\"system_fingerprint\":\"fp_f9f4fb6dbf\",\"choices\":[{\"index\":0,\"delta\":{";
            sb.Append("data: ").Append(head).Append("\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
            for (int i = 0; i < chunks; i++)
            {
                string piece = Pieces[i % Pieces.Length];
                text.Append(piece);
                sb.Append("data: ").Append(head).Append("\"content\":").Append(JsonSerializer.Serialize(piece)).Append("},\"logprobs\":null,\"finish_reason\":null}],\"usage\":null}\n\n");
            }
            sb.Append("data: ").Append(head).Append("},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n");
            sb.Append("data: {\"id\":\"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,\"model\":\"gpt-4o-2024-08-06\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":" + chunks + ",\"total_tokens\":" + (chunks + 10) + "}}\n\n");
            sb.Append("data: [DONE]\n\n");
            return (Encoding.UTF8.GetBytes(sb.ToString()), text.ToString());
        }

        public static (byte[] Body, string Arguments) ChatToolCall(int fragments)
        {
            var sb = new StringBuilder();
            var args = new StringBuilder();
            const string head = "{\"id\":\"chatcmpl-tool\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,\"model\":\"gpt-4o-2024-08-06\",\"system_fingerprint\":\"fp_f9f4fb6dbf\",\"choices\":[{\"index\":0,\"delta\":{";
            sb.Append("data: ").Append(head).Append("\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"index\":0,\"id\":\"call_abc\",\"type\":\"function\",\"function\":{\"name\":\"write_file\",\"arguments\":\"\"}}]},\"finish_reason\":null}],\"usage\":null}\n\n");
            for (int i = 0; i < fragments; i++)
            {
                string f = i == 0 ? "{\"content\":\"" : i == fragments - 1 ? "\"}" : "x" + (i % 10) + " ";
                args.Append(f);
                sb.Append("data: ").Append(head).Append("\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":").Append(JsonSerializer.Serialize(f)).Append("}}]},\"finish_reason\":null}],\"usage\":null}\n\n");
            }
            sb.Append("data: ").Append(head).Append("},\"finish_reason\":\"tool_calls\"}],\"usage\":null}\n\n");
            sb.Append("data: [DONE]\n\n");
            return (Encoding.UTF8.GetBytes(sb.ToString()), args.ToString());
        }
            /// <summary>
        /// A Responses stream of the same text as <see cref="ChatText"/>: created, in_progress, the message item and its part,
        /// one <c>response.output_text.delta</c> per piece (with <c>logprobs: []</c> and <c>obfuscation</c>, as OpenAI sends),
        /// the done events and <c>response.completed</c> carrying the whole response.
        /// </summary>
        public static (byte[] Body, string Text, int Events) ResponsesText(int deltas)
        {
            var sb = new StringBuilder();
            var text = new StringBuilder();
            int seq = 0;
            const string response = "\"id\":\"resp_68af4030592c81938ec0a5fbab4a3e9f\",\"object\":\"response\",\"created_at\":1756315696,\"model\":\"gpt-4.1-2025-04-14\",\"parallel_tool_calls\":true,\"tool_choice\":\"auto\",\"tools\":[]";
            void Event(string type, string body) => sb.Append("event: ").Append(type).Append("\ndata: {\"type\":\"").Append(type).Append("\",\"sequence_number\":").Append(seq++).Append(',').Append(body).Append("}\n\n");
            Event("response.created", "\"response\":{" + response + ",\"status\":\"in_progress\",\"output\":[]}");
            Event("response.in_progress", "\"response\":{" + response + ",\"status\":\"in_progress\",\"output\":[]}");
            Event("response.output_item.added", "\"output_index\":0,\"item\":{\"id\":\"msg_68af40337e\",\"type\":\"message\",\"status\":\"in_progress\",\"content\":[],\"role\":\"assistant\"}");
            Event("response.content_part.added", "\"item_id\":\"msg_68af40337e\",\"output_index\":0,\"content_index\":0,\"part\":{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":\"\"}");
            for (int i = 0; i < deltas; i++)
            {
                string piece = Pieces[i % Pieces.Length];
                text.Append(piece);
                Event("response.output_text.delta", "\"item_id\":\"msg_68af40337e\",\"output_index\":0,\"content_index\":0,\"delta\":" + JsonSerializer.Serialize(piece) + ",\"logprobs\":[],\"obfuscation\":\"a1B2c3D4e5F\"");
            }
            string whole = JsonSerializer.Serialize(text.ToString());
            string part = "{\"type\":\"output_text\",\"annotations\":[],\"logprobs\":[],\"text\":" + whole + "}";
            string item = "{\"id\":\"msg_68af40337e\",\"type\":\"message\",\"status\":\"completed\",\"content\":[" + part + "],\"role\":\"assistant\"}";
            Event("response.output_text.done", "\"item_id\":\"msg_68af40337e\",\"output_index\":0,\"content_index\":0,\"text\":" + whole + ",\"logprobs\":[]");
            Event("response.content_part.done", "\"item_id\":\"msg_68af40337e\",\"output_index\":0,\"content_index\":0,\"part\":" + part);
            Event("response.output_item.done", "\"output_index\":0,\"item\":" + item);
            Event("response.completed", "\"response\":{" + response + ",\"status\":\"completed\",\"output\":[" + item + "],\"usage\":{\"input_tokens\":10,\"output_tokens\":" + deltas + ",\"total_tokens\":" + (deltas + 10) + "}}");
            return (Encoding.UTF8.GetBytes(sb.ToString()), text.ToString(), seq);
        }
    }
}

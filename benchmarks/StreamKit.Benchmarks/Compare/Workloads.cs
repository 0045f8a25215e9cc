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
            string[] frags = { "{\"", "path", "\":\"", "notes", ".md", "\",\"", "content", "\":\"", "line", " one\\n", "line", " two", "\"}" };
            for (int i = 0; i < fragments; i++)
            {
                string f = i == 0 ? "{\"content\":\"" : i == fragments - 1 ? "\"}" : "x" + (i % 10) + " ";
                args.Append(f);
                sb.Append("data: ").Append(head).Append("\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":").Append(JsonSerializer.Serialize(f)).Append("}}]},\"finish_reason\":null}],\"usage\":null}\n\n");
            }
            _ = frags;
            sb.Append("data: ").Append(head).Append("},\"finish_reason\":\"tool_calls\"}],\"usage\":null}\n\n");
            sb.Append("data: [DONE]\n\n");
            return (Encoding.UTF8.GetBytes(sb.ToString()), args.ToString());
        }
    }
}

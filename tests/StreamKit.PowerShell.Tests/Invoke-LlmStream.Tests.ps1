#Requires -Version 7.4
# Invoke-LlmStream against Start-LlmReplayServer: every request goes to 127.0.0.1, no network.
# Every call passes -Live:$false, -AsText, -Final or -Raw, so that console detection never changes
# what the command writes.

Describe 'Invoke-LlmStream' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $ProgressPreference = 'SilentlyContinue'
    }

    AfterAll {
        Restore-StreamKitTestEnvironment
    }

    Context 'Offline' -Tag Offline {

        Context 'Chat deltas' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path (Get-Fixture 'chat/cumulative-usage-every-chunk.sse')
                $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri; ApiKey = $TestApiKey }
                $deltas = @(Invoke-LlmStream -Prompt 'Count to three' @replay -Live:$false)
                $lastResult = $global:StreamKitLastResult
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'writes LlmDelta objects' {
                $deltas.Count | Should -Be 8
                @($deltas | ForEach-Object { $_.GetType().FullName } | Select-Object -Unique) | Should -Be @('StreamKit.PowerShell.LlmDelta')
            }

            It 'writes one delta per piece, in stream order' {
                @($deltas | ForEach-Object { $_.Kind.ToString() }) |
                    Should -Be @('Text', 'Usage', 'Text', 'Usage', 'Text', 'Usage', 'Finish', 'Usage')
            }

            It 'has text deltas that add up to the answer' {
                @($deltas | Where-Object { $_.Kind -eq 'Text' } | ForEach-Object Text) | Should -Be @('One', ' two', ' three')
                -join ($deltas | Where-Object { $_.Kind -eq 'Text' } | ForEach-Object Text) | Should -BeExactly 'One two three'
            }

            It 'has a finish delta with the finish reason' {
                $finish = @($deltas | Where-Object { $_.Kind -eq 'Finish' })
                $finish | Should -HaveCount 1
                $finish[0].FinishReason | Should -BeExactly 'stop'
                $finish[0].ToString() | Should -BeExactly 'finish: stop'
            }

            It 'has usage deltas with the token counts of each chunk' {
                $usage = @($deltas | Where-Object { $_.Kind -eq 'Usage' })
                $usage | Should -HaveCount 4
                @($usage | ForEach-Object OutputTokens) | Should -Be @(1, 2, 3, 3)
                $usage[-1].InputTokens | Should -Be 5
                $usage[-1].TotalTokens | Should -Be 8
                $usage[-1].ToString() | Should -BeExactly 'usage: input 5, output 3, total 8'
            }

            It 'marks the deltas as chat deltas of choice 0 and keeps the chunk they came from' {
                foreach ($delta in $deltas) {
                    $delta.Api.ToString() | Should -Be 'Chat'
                    $delta.Choice | Should -Be 0
                    $delta.Raw.GetType().FullName | Should -Be 'StreamKit.Chat.ChatCompletionChunk'
                }
                $deltas[0].Raw.Model | Should -Be 'fixture-model'
                $deltas[0].ToString() | Should -BeExactly 'One'
            }

            It 'sends a streaming chat request with the prompt as the last user message' {
                $request = Get-LastRequest $server
                $request.Method | Should -Be 'POST'
                $request.PathAndQuery | Should -Be '/v1/chat/completions'
                $body = $request.Body | ConvertFrom-Json
                $body.model | Should -Be 'replay'
                $body.stream | Should -BeTrue
                $body.messages[-1].role | Should -Be 'user'
                $body.messages[-1].content | Should -BeExactly 'Count to three'
            }

            It 'keeps the result in $StreamKitLastResult' {
                $lastResult | Should -Not -BeNullOrEmpty
                $lastResult.GetType().FullName | Should -Be 'StreamKit.PowerShell.LlmResult'
                $lastResult.Outcome | Should -Be 'completed'
                $lastResult.Content | Should -BeExactly 'One two three'
            }

            It 'writes deltas when it does not end the pipeline' {
                $texts = @(Invoke-LlmStream -Prompt 'Count to three' @replay | Where-Object { $_.Kind -eq 'Text' })
                $texts | Should -HaveCount 3
                $texts[0].GetType().FullName | Should -Be 'StreamKit.PowerShell.LlmDelta'
            }
        }

        Context 'A stream with reasoning and a tool call' {
            BeforeAll {
                $fixture = Get-Fixture 'chat/demo-reasoning-tool-call.sse'
                $server = Start-LlmReplayServer -Path $fixture
                $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri; ApiKey = $TestApiKey }
                $deltas = @(Invoke-LlmStream -Prompt 'Weather in Oslo?' @replay -Live:$false)
                $result = Invoke-LlmStream -Prompt 'Weather in Oslo?' @replay -Final
                $expectedText = "Checking the forecast for Oslo now $([char]0x2014) results follow in a moment. $([char]0x2601)$([char]0xFE0F)"
                $expectedReasoning = 'The user wants the weather in Oslo; I should call the tool first.'
                $expectedArguments = '{"city": "Oslo", "units": "metric"}'
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'writes reasoning deltas' {
                -join ($deltas | Where-Object { $_.Kind -eq 'Reasoning' } | ForEach-Object Text) | Should -BeExactly $expectedReasoning
            }

            It 'opens the tool call with its name and id, then streams the arguments' {
                $calls = @($deltas | Where-Object { $_.Kind -eq 'ToolCall' })
                $calls | Should -HaveCount 5
                $calls[0].ToolName | Should -BeExactly 'get_weather'
                $calls[0].ToolCallId | Should -BeExactly 'call_demo_1'
                $calls[0].ToolCallIndex | Should -Be 0
                @($calls | Select-Object -Skip 1 | Where-Object { $null -ne $_.ToolName }) | Should -HaveCount 0
                -join ($calls | ForEach-Object Arguments) | Should -BeExactly $expectedArguments
            }

            It 'writes text deltas that add up to the answer, emoji included' {
                -join ($deltas | Where-Object { $_.Kind -eq 'Text' } | ForEach-Object Text) | Should -BeExactly $expectedText
            }

            It 'ends with the finish and the usage' {
                ($deltas | Where-Object { $_.Kind -eq 'Finish' }).FinishReason | Should -BeExactly 'tool_calls'
                ($deltas | Where-Object { $_.Kind -eq 'Usage' }).TotalTokens | Should -Be 109
            }

            It 'gives the whole message with -Final' {
                $result.Outcome | Should -Be 'completed'
                $result.Model | Should -Be 'demo-model'
                $result.Content | Should -BeExactly $expectedText
                $result.Reasoning | Should -BeExactly $expectedReasoning
                $result.FinishReason | Should -BeExactly 'tool_calls'
                $result.ToolCalls | Should -HaveCount 1
                $result.ToolCalls[0].Name | Should -BeExactly 'get_weather'
                $result.ToolCalls[0].Id | Should -BeExactly 'call_demo_1'
                $result.ToolCalls[0].Arguments | Should -BeExactly $expectedArguments
                $result.InputTokens | Should -Be 61
                $result.OutputTokens | Should -Be 48
                $result.TotalTokens | Should -Be 109
            }
        }

        Context '-AsText' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path (Get-Fixture 'chat/cumulative-usage-every-chunk.sse')
                $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri; ApiKey = $TestApiKey }
                $text = @(Invoke-LlmStream -Prompt 'Count to three' @replay -AsText)
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'writes the text pieces as strings' {
                $text | Should -HaveCount 3
                foreach ($piece in $text) { $piece | Should -BeOfType [string] }
                $text | Should -Be @('One', ' two', ' three')
            }

            It 'joins into the answer' {
                ($text -join '') | Should -BeExactly 'One two three'
            }

            It 'assigns to a variable as text' {
                $answer = (Invoke-LlmStream 'Count to three' @replay -AsText) -join ''
                $answer | Should -BeExactly 'One two three'
            }
        }

        Context '-Final with parallel tool calls' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path (Get-Fixture 'chat/parallel-tool-calls-interleaved.sse')
                $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri; ApiKey = $TestApiKey }
                $output = @(Invoke-LlmStream -Prompt 'Weather and time in Oslo?' @replay -Final)
                $result = $output[0]
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'writes one LlmResult' {
                $output | Should -HaveCount 1
                $result.GetType().FullName | Should -Be 'StreamKit.PowerShell.LlmResult'
            }

            It 'has the outcome, finish reason, model and token counts' {
                $result.Outcome | Should -Be 'completed'
                $result.IsSuccess | Should -BeTrue
                $result.Api.ToString() | Should -Be 'Chat'
                $result.Id | Should -Be 'chatcmpl-fx'
                $result.Model | Should -Be 'fixture-model'
                $result.FinishReason | Should -BeExactly 'tool_calls'
                $result.Content | Should -BeNullOrEmpty
                $result.InputTokens | Should -Be 50
                $result.OutputTokens | Should -Be 30
                $result.TotalTokens | Should -Be 80
                $result.Error | Should -BeNullOrEmpty
            }

            It 'joins the interleaved fragments into whole tool calls' {
                $result.ToolCalls | Should -HaveCount 2
                @($result.ToolCalls | ForEach-Object Id) | Should -Be @('call_a', 'call_b')
                @($result.ToolCalls | ForEach-Object Name) | Should -Be @('get_weather', 'get_time')
                $result.ToolCalls[0].Arguments | Should -BeExactly '{"city":"Oslo"}'
                $result.ToolCalls[1].Arguments | Should -BeExactly '{"tz":"UTC"}'
                ($result.ToolCalls[0].Arguments | ConvertFrom-Json).city | Should -Be 'Oslo'
                $result.ToolCalls[0].ToString() | Should -BeExactly 'get_weather({"city":"Oslo"})'
            }

            It 'has the statistics of the stream' {
                $result.Statistics | Should -Not -BeNullOrEmpty
                $result.Statistics.Attempts | Should -Be 1
                $result.Statistics.Items | Should -Be 8
            }

            It 'gives the assistant message for a tool loop with ToMessage()' {
                $message = $result.ToMessage()
                $message['role'] | Should -Be 'assistant'
                $message['tool_calls'] | Should -HaveCount 2
                $message['tool_calls'][0]['id'] | Should -Be 'call_a'
                $message['tool_calls'][0]['type'] | Should -Be 'function'
                $message['tool_calls'][0]['function']['name'] | Should -Be 'get_weather'
                $message['tool_calls'][0]['function']['arguments'] | Should -BeExactly '{"city":"Oslo"}'
            }
        }

        Context 'A tool loop' {
            BeforeAll {
                # The first request gets the tool calls, the second one the answer.
                $server = Start-LlmReplayServer -Path (Get-Fixture 'chat/parallel-tool-calls-interleaved.sse'), (Get-Fixture 'chat/cumulative-usage-every-chunk.sse')
                $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri; ApiKey = $TestApiKey }
                $tools = @(
                    @{
                        name        = 'get_weather'
                        description = 'The current weather of a city.'
                        parameters  = @{ type = 'object'; properties = @{ city = @{ type = 'string' } }; required = @('city') }
                    }
                    @{
                        name        = 'get_time'
                        description = 'The current time in a time zone.'
                        parameters  = @{ type = 'object'; properties = @{ tz = @{ type = 'string' } }; required = @('tz') }
                    }
                )
                $first = Invoke-LlmStream -Prompt 'Weather and time in Oslo?' -Tool $tools @replay -Final
                $messages = @(
                    @{ role = 'user'; content = 'Weather and time in Oslo?' }
                    $first.ToMessage()
                    foreach ($call in $first.ToolCalls) {
                        $output = if ($call.Name -eq 'get_weather') { '{"celsius":3}' } else { '{"time":"12:00"}' }
                        @{ role = 'tool'; tool_call_id = $call.Id; content = $output }
                    }
                )
                $second = Invoke-LlmStream -Message $messages -Tool $tools @replay -Final
                $requests = @($server.Requests)
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'sends one request per turn' {
                $server.RequestCount | Should -Be 2
                $first.ToolCalls | Should -HaveCount 2
                $second.Content | Should -BeExactly 'One two three'
            }

            It 'sends the tools in the chat shape' {
                $body = $requests[0].Body | ConvertFrom-Json
                $body.tools | Should -HaveCount 2
                @($body.tools | ForEach-Object type) | Should -Be @('function', 'function')
                @($body.tools | ForEach-Object { $_.function.name }) | Should -Be @('get_weather', 'get_time')
                $body.tools[0].function.parameters.required | Should -Be 'city'
            }

            It 'sends the assistant tool calls and the tool results back' {
                $requests[1].Body | Should -Match '"tool_call_id"'
                $body = $requests[1].Body | ConvertFrom-Json
                $body.messages | Should -HaveCount 4
                $body.messages[0].role | Should -Be 'user'
                $body.messages[1].role | Should -Be 'assistant'
                $body.messages[1].tool_calls | Should -HaveCount 2
                $body.messages[1].tool_calls[0].id | Should -Be 'call_a'
                $body.messages[1].tool_calls[0].function.name | Should -Be 'get_weather'
                $body.messages[1].tool_calls[0].function.arguments | Should -BeExactly '{"city":"Oslo"}'
                $body.messages[2].role | Should -Be 'tool'
                $body.messages[2].tool_call_id | Should -Be 'call_a'
                $body.messages[2].content | Should -BeExactly '{"celsius":3}'
                $body.messages[3].tool_call_id | Should -Be 'call_b'
                $body.messages[3].content | Should -BeExactly '{"time":"12:00"}'
            }
        }

        Context 'The Responses API' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path (Get-Fixture 'responses/resumed-starting-after-1.sse')
                $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri; ApiKey = $TestApiKey }
                $deltas = @(Invoke-LlmStream -Api Responses -Prompt 'Say it' -SystemPrompt 'Be brief' @replay -Live:$false)
                $deltaRequest = Get-LastRequest $server
                $result = Invoke-LlmStream -Api Responses -Prompt 'Say it' @replay -Final
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'posts to /responses with the prompt as input and the system prompt as instructions' {
                $deltaRequest.PathAndQuery | Should -Be '/v1/responses'
                $body = $deltaRequest.Body | ConvertFrom-Json
                $body.model | Should -Be 'replay'
                $body.input | Should -BeExactly 'Say it'
                $body.instructions | Should -BeExactly 'Be brief'
                $body.stream | Should -BeTrue
            }

            It 'writes Responses deltas' {
                @($deltas | ForEach-Object { $_.Kind.ToString() }) | Should -Be @('Text', 'Text', 'Usage', 'Finish')
                foreach ($delta in $deltas) {
                    $delta.Api.ToString() | Should -Be 'Responses'
                    $delta.Raw.GetType().FullName | Should -BeLike 'StreamKit.Responses.Response*'
                }
                -join ($deltas | Where-Object { $_.Kind -eq 'Text' } | ForEach-Object Text) | Should -BeExactly 'Resumed text'
                ($deltas | Where-Object { $_.Kind -eq 'Usage' }).TotalTokens | Should -Be 7
                ($deltas | Where-Object { $_.Kind -eq 'Finish' }).FinishReason | Should -BeExactly 'completed'
            }

            It 'gives the final response with -Final' {
                $result.Api.ToString() | Should -Be 'Responses'
                $result.Outcome | Should -Be 'completed'
                $result.Id | Should -Be 'resp_fx'
                $result.Content | Should -BeExactly 'Resumed text'
                $result.FinishReason | Should -BeExactly 'completed'
                $result.InputTokens | Should -Be 5
                $result.OutputTokens | Should -Be 2
                $result.TotalTokens | Should -Be 7
            }

            It 'turns tool calls and tool results into function_call items' {
                $assistant = @{
                    role       = 'assistant'
                    content    = $null
                    tool_calls = @(@{ id = 'call_a'; type = 'function'; function = @{ name = 'get_weather'; arguments = '{"city":"Oslo"}' } })
                }
                $toolResult = @{ role = 'tool'; tool_call_id = 'call_a'; content = '{"celsius":3}' }
                $null = Invoke-LlmStream -Api Responses -Message @(@{ role = 'user'; content = 'Weather in Oslo?' }, $assistant, $toolResult) @replay -Final
                $items = @((Get-LastRequestBody $server).input)
                $items | Should -HaveCount 3
                $items[0].role | Should -Be 'user'
                $items[0].content | Should -BeExactly 'Weather in Oslo?'
                $items[1].type | Should -Be 'function_call'
                $items[1].call_id | Should -Be 'call_a'
                $items[1].name | Should -Be 'get_weather'
                $items[1].arguments | Should -BeExactly '{"city":"Oslo"}'
                $items[2].type | Should -Be 'function_call_output'
                $items[2].call_id | Should -Be 'call_a'
                $items[2].output | Should -BeExactly '{"celsius":3}'
            }
        }

        Context '-Raw' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path (Get-Fixture 'chat/cumulative-usage-every-chunk.sse') -Rule @{ 'POST /v1/responses' = (Get-Fixture 'responses/resumed-starting-after-1.sse') }
                $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri; ApiKey = $TestApiKey }
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'writes the typed chat chunks' {
                $chunks = @(Invoke-LlmStream -Prompt 'Count to three' @replay -Raw)
                $chunks | Should -HaveCount 4
                @($chunks | ForEach-Object { $_.GetType().FullName } | Select-Object -Unique) | Should -Be @('StreamKit.Chat.ChatCompletionChunk')
                $chunks[0].Choices[0].Delta.Content | Should -BeExactly 'One'
                $chunks[3].Usage.TotalTokens | Should -Be 8
            }

            It 'writes the typed Responses events' {
                $events = @(Invoke-LlmStream -Api Responses -Prompt 'Say it' @replay -Raw)
                $events | Should -HaveCount 8
                $events[0].GetType().FullName | Should -Be 'StreamKit.Responses.ResponseInProgressEvent'
                $events[-1].GetType().FullName | Should -Be 'StreamKit.Responses.ResponseCompletedEvent'
            }
        }

        Context 'Prompts from the pipeline' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path (Get-Fixture 'chat/cumulative-usage-every-chunk.sse')
                $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri; ApiKey = $TestApiKey }
                $text = @('first question', 'second question' | Invoke-LlmStream @replay -AsText)
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'sends one request per prompt' {
                $server.RequestCount | Should -Be 2
                ($text -join '') | Should -BeExactly 'One two threeOne two three'
            }

            It 'sends each prompt in its own request' {
                $requests = @($server.Requests)
                ($requests[0].Body | ConvertFrom-Json).messages[-1].content | Should -BeExactly 'first question'
                ($requests[1].Body | ConvertFrom-Json).messages[-1].content | Should -BeExactly 'second question'
            }
        }

        Context 'Request options' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path (Get-Fixture 'chat/cumulative-usage-every-chunk.sse')
                $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri; ApiKey = $TestApiKey }
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'passes -Header through' {
                $null = Invoke-LlmStream -Prompt 'hi' @replay -AsText -Header @{ 'X-Title' = 'StreamKit Pester'; 'HTTP-Referer' = 'https://pester.example' }
                $headers = (Get-LastRequest $server).Headers
                $headers['X-Title'] | Should -BeExactly 'StreamKit Pester'
                $headers['HTTP-Referer'] | Should -BeExactly 'https://pester.example'
            }

            It 'passes an -ExtraBody hashtable through' {
                $null = Invoke-LlmStream -Prompt 'hi' @replay -AsText -ExtraBody @{ provider = @{ order = @('groq'); allow_fallbacks = $false }; seed = 7 }
                $body = Get-LastRequestBody $server
                @($body.provider.order) | Should -Be @('groq')
                $body.provider.allow_fallbacks | Should -BeFalse
                $body.seed | Should -Be 7
                $body.model | Should -Be 'replay'
            }

            It 'passes -ExtraBody JSON text through' {
                $null = Invoke-LlmStream -Prompt 'hi' @replay -AsText -ExtraBody '{"top_p":0.5,"metadata":{"ticket":"INC-42"}}'
                $body = Get-LastRequestBody $server
                $body.top_p | Should -Be 0.5
                $body.metadata.ticket | Should -BeExactly 'INC-42'
            }

            It 'rejects an -ExtraBody that is not a JSON object' {
                $before = $server.RequestCount
                { Invoke-LlmStream -Prompt 'hi' @replay -AsText -ExtraBody 'not json' } |
                    Should -Throw -ErrorId 'StreamKit.InvalidRequest,*'
                $server.RequestCount | Should -Be $before
            }

            It 'sends -MaxTokens, -Temperature and -SystemPrompt' {
                $null = Invoke-LlmStream -Prompt 'hi' @replay -AsText -MaxTokens 50 -Temperature 0.25 -SystemPrompt 'You are terse.'
                $body = Get-LastRequestBody $server
                $body.max_tokens | Should -Be 50
                $body.temperature | Should -Be 0.25
                $body.messages | Should -HaveCount 2
                $body.messages[0].role | Should -Be 'system'
                $body.messages[0].content | Should -BeExactly 'You are terse.'
                $body.messages[1].content | Should -BeExactly 'hi'
            }

            It 'requires a model' {
                $before = $server.RequestCount
                { Invoke-LlmStream -Prompt 'hi' -BaseUri $server.BaseUri -AsText } |
                    Should -Throw -ErrorId 'StreamKit.InvalidRequest,*'
                $server.RequestCount | Should -Be $before
            }

            It 'requires a prompt or messages' {
                { Invoke-LlmStream @replay -AsText } | Should -Throw -ErrorId 'StreamKit.InvalidRequest,*'
            }
        }

        Context 'The API key' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path (Get-Fixture 'chat/cumulative-usage-every-chunk.sse')
                $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri }
                $keyPattern = [regex]::Escape($TestApiKeyText)
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            AfterEach {
                foreach ($name in 'STREAMKIT_API_KEY', 'OPENAI_API_KEY', 'STREAMKIT_BASE_URI', 'OPENAI_BASE_URL', 'STREAMKIT_MODEL') {
                    [System.Environment]::SetEnvironmentVariable($name, $null)
                }
            }

            It 'sends the key as a bearer token, which the server records redacted' {
                $null = Invoke-LlmStream -Prompt 'hi' @replay -ApiKey $TestApiKey -AsText
                $request = Get-LastRequest $server
                $request.Headers['Authorization'] | Should -BeExactly 'Bearer [redacted]'
                $request.Body | Should -Not -Match $keyPattern
            }

            It 'sends no Authorization header without a key' {
                $null = Invoke-LlmStream -Prompt 'hi' @replay -AsText
                (Get-LastRequest $server).Headers.ContainsKey('Authorization') | Should -BeFalse
            }

            It 'sends no key when -ApiKey is an empty SecureString, whatever the environment says' {
                $env:STREAMKIT_API_KEY = 'sk-env-should-not-be-sent-123'
                $null = Invoke-LlmStream -Prompt 'hi' @replay -ApiKey ([securestring]::new()) -AsText
                (Get-LastRequest $server).Headers.ContainsKey('Authorization') | Should -BeFalse
            }

            It 'never writes the key in -Verbose output' {
                $output = @(Invoke-LlmStream -Prompt 'hi' @replay -ApiKey $TestApiKey -AsText -Verbose 4>&1)
                $verbose = @($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message)
                $verbose.Count | Should -BeGreaterThan 0
                ($verbose -join "`n") | Should -Not -Match $keyPattern
                ($verbose -join "`n") | Should -Match 'key: from parameter \(25 chars, not shown\)'
                ($verbose -join "`n") | Should -Match '/v1/chat/completions'
                (@($output | Where-Object { $_ -is [string] }) -join '') | Should -BeExactly 'One two three'
            }

            It 'never writes the key in an error' {
                $err = { Invoke-LlmStream -Prompt 'hi' -Model 'replay' -BaseUri 'http://127.0.0.1:9/v1' -ApiKey $TestApiKey -MaxRetry 0 -Final -Verbose 4>$null } |
                    Should -Throw -ErrorId 'StreamKit.HttpError,*' -PassThru
                ($err | Out-String) | Should -Not -Match $keyPattern
                $err.Exception.ToString() | Should -Not -Match $keyPattern
                "$($err.ErrorDetails.Message) $($err.ErrorDetails.RecommendedAction)" | Should -Not -Match $keyPattern
                "$($err.TargetObject.Error)" | Should -Not -Match $keyPattern
            }

            It 'takes the endpoint, model and key from STREAMKIT_* variables' {
                $env:STREAMKIT_BASE_URI = [string]$server.BaseUri
                $env:STREAMKIT_MODEL = 'env-model'
                $env:STREAMKIT_API_KEY = 'sk-env-key-0123456789'
                $output = @(Invoke-LlmStream -Prompt 'hi' -AsText -Verbose 4>&1)
                (@($output | Where-Object { $_ -is [string] }) -join '') | Should -BeExactly 'One two three'
                $request = Get-LastRequest $server
                ($request.Body | ConvertFrom-Json).model | Should -Be 'env-model'
                $request.Headers['Authorization'] | Should -BeExactly 'Bearer [redacted]'
                $verbose = (@($output | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] } | ForEach-Object Message) -join "`n")
                $verbose | Should -Match 'from \$env:STREAMKIT_API_KEY'
                $verbose | Should -Not -Match 'sk-env-key-0123456789'
            }

            It 'falls back to OPENAI_BASE_URL and OPENAI_API_KEY' {
                $env:OPENAI_BASE_URL = [string]$server.BaseUri
                $env:OPENAI_API_KEY = 'sk-openai-env-0123456789'
                $null = Invoke-LlmStream -Prompt 'hi' -Model 'replay' -AsText
                (Get-LastRequest $server).Headers['Authorization'] | Should -BeExactly 'Bearer [redacted]'
            }
        }

        Context '-RecordPath' {
            BeforeAll {
                $fixture = Get-Fixture 'chat/cumulative-usage-every-chunk.sse'
                $server = Start-LlmReplayServer -Path $fixture
                $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri; ApiKey = $TestApiKey }
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'writes the SSE body as received' {
                $path = Join-Path $TestDrive 'recorded.sse'
                $result = Invoke-LlmStream -Prompt 'Count to three' @replay -Final -RecordPath $path
                $result.Content | Should -BeExactly 'One two three'
                $path | Should -Exist
                (Get-FileHash -LiteralPath $path).Hash | Should -Be (Get-FileHash -LiteralPath $fixture).Hash
            }

            It 'never writes the key' {
                $path = Join-Path $TestDrive 'with-key.sse'
                $null = Invoke-LlmStream -Prompt 'Count to three' @replay -AsText -RecordPath $path
                Get-Content -LiteralPath $path -Raw | Should -Not -Match ([regex]::Escape($TestApiKeyText))
            }

            It 'overwrites an existing file' {
                $path = Join-Path $TestDrive 'overwritten.sse'
                Set-Content -LiteralPath $path -Value ('x' * 5000)
                $null = Invoke-LlmStream -Prompt 'Count to three' @replay -AsText -RecordPath $path
                (Get-FileHash -LiteralPath $path).Hash | Should -Be (Get-FileHash -LiteralPath $fixture).Hash
            }

            It 'records a file that replays to the same message' {
                $path = Join-Path $TestDrive 'replayable.sse'
                $null = Invoke-LlmStream -Prompt 'Count to three' @replay -AsText -RecordPath $path
                (ConvertFrom-SseStream -Path $path | Merge-LlmChunk).Content | Should -BeExactly 'One two three'
            }
        }

        Context 'Failed streams' {
            BeforeAll {
                $truncated = Start-LlmReplayServer -Path (Get-Fixture 'chat/truncated-mid-answer.sse')
                $providerError = Start-LlmReplayServer -Path (Get-Fixture 'chat/error-event-plain-text.sse')
                $malformed = Start-LlmReplayServer -Path (Get-Fixture 'chat/malformed-json-third-event.sse')
                $answer = Start-LlmReplayServer -Path (Get-Fixture 'chat/cumulative-usage-every-chunk.sse')
                $responsesOnly = Start-LlmReplayServer -Rule @{ '^POST /v1/responses' = (Get-Fixture 'responses/resumed-starting-after-1.sse') }
                $replay = @{ Model = 'replay'; ApiKey = $TestApiKey }
            }

            AfterAll {
                Stop-TestReplayServer $truncated, $providerError, $malformed, $answer, $responsesOnly
            }

            It 'fails a truncated stream with StreamKit.Truncated and the partial message as the target' {
                $err = { Invoke-LlmStream -Prompt 'q' @replay -BaseUri $truncated.BaseUri -Final } |
                    Should -Throw -ErrorId 'StreamKit.Truncated,*' -PassThru
                $err.FullyQualifiedErrorId | Should -BeExactly 'StreamKit.Truncated,StreamKit.PowerShell.Commands.InvokeLlmStreamCommand'
                $err.CategoryInfo.Category.ToString() | Should -Be 'ReadError'
                $err.TargetObject.GetType().FullName | Should -Be 'StreamKit.PowerShell.LlmResult'
                $err.TargetObject.Outcome | Should -Be 'truncated'
                $err.TargetObject.IsSuccess | Should -BeFalse
                $err.TargetObject.Content | Should -BeExactly 'The answer is forty'
                $err.TargetObject.Error | Should -Not -BeNullOrEmpty
                $global:StreamKitLastResult.Outcome | Should -Be 'truncated'
                $global:StreamKitLastResult.Content | Should -BeExactly 'The answer is forty'
            }

            It 'writes the deltas that arrived before the failure' {
                $received = [System.Collections.Generic.List[object]]::new()
                $caught = $null
                try {
                    Invoke-LlmStream -Prompt 'q' @replay -BaseUri $truncated.BaseUri -Live:$false | ForEach-Object { $received.Add($_) }
                }
                catch {
                    $caught = $_
                }
                $caught | Should -Not -BeNullOrEmpty
                $caught.FullyQualifiedErrorId | Should -BeLike 'StreamKit.Truncated,*'
                -join ($received | Where-Object { $_.Kind -eq 'Text' } | ForEach-Object Text) | Should -BeExactly 'The answer is forty'
            }

            It 'fails an error event with StreamKit.ProviderError and the provider message' {
                $err = { Invoke-LlmStream -Prompt 'q' @replay -BaseUri $providerError.BaseUri -Final } |
                    Should -Throw -ErrorId 'StreamKit.ProviderError,*' -PassThru
                $err.CategoryInfo.Category.ToString() | Should -Be 'InvalidResult'
                $err.ErrorDetails.Message | Should -Match 'upstream overloaded, retry later'
                $err.TargetObject.Outcome | Should -Be 'provider_error'
                $err.TargetObject.Content | Should -BeExactly 'Working'
            }

            It 'fails with StreamKit.HttpError when nothing listens' {
                $err = { Invoke-LlmStream -Prompt 'q' @replay -BaseUri 'http://127.0.0.1:9/v1' -MaxRetry 0 -Final } |
                    Should -Throw -ErrorId 'StreamKit.HttpError,*' -PassThru
                $err.CategoryInfo.Category.ToString() | Should -Be 'ConnectionError'
                $err.TargetObject.Outcome | Should -Be 'http_error'
                $global:StreamKitLastResult.Outcome | Should -Be 'http_error'
            }

            It 'fails an HTTP 404 with StreamKit.HttpError in the ObjectNotFound category' {
                $err = { Invoke-LlmStream -Prompt 'q' @replay -BaseUri $responsesOnly.BaseUri -MaxRetry 0 -Final } |
                    Should -Throw -ErrorId 'StreamKit.HttpError,*' -PassThru
                $err.CategoryInfo.Category.ToString() | Should -Be 'ObjectNotFound'
                $err.Exception.Message | Should -Match '404'
            }

            It 'fails a stream over -MaxTextChars with StreamKit.LimitExceeded' {
                $err = { Invoke-LlmStream -Prompt 'q' @replay -BaseUri $answer.BaseUri -MaxTextChars 5 -Final } |
                    Should -Throw -ErrorId 'StreamKit.LimitExceeded,*' -PassThru
                $err.CategoryInfo.Category.ToString() | Should -Be 'LimitsExceeded'
                $err.TargetObject.Outcome | Should -Be 'limit_exceeded'
            }

            It 'writes a malformed event as a non-terminating StreamKit.MalformedChunk and reads on' {
                $deltas = @(Invoke-LlmStream -Prompt 'q' @replay -BaseUri $malformed.BaseUri -Live:$false -ErrorVariable malformedErrors -ErrorAction SilentlyContinue)
                $malformedErrors | Should -HaveCount 1
                $malformedErrors[0].FullyQualifiedErrorId | Should -BeExactly 'StreamKit.MalformedChunk,StreamKit.PowerShell.Commands.InvokeLlmStreamCommand'
                $malformedErrors[0].CategoryInfo.Category.ToString() | Should -Be 'InvalidData'
                $malformedErrors[0].TargetObject | Should -Be 2
                -join ($deltas | Where-Object { $_.Kind -eq 'Text' } | ForEach-Object Text) | Should -BeExactly 'Partial text'
                # The event after the malformed one still arrives.
                ($deltas | Where-Object { $_.Kind -eq 'Finish' }).FinishReason | Should -BeExactly 'stop'
                $global:StreamKitLastResult.Outcome | Should -Be 'completed'
            }

            It 'writes the malformed event to the error stream' {
                $all = @(Invoke-LlmStream -Prompt 'q' @replay -BaseUri $malformed.BaseUri -Live:$false -ErrorAction Continue 2>&1)
                $errors = @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] })
                $errors | Should -HaveCount 1
                $errors[0].FullyQualifiedErrorId | Should -BeLike 'StreamKit.MalformedChunk,*'
                @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }) | Should -HaveCount 3
            }

            It 'completes -Final despite a malformed event' {
                $result = Invoke-LlmStream -Prompt 'q' @replay -BaseUri $malformed.BaseUri -Final -ErrorVariable malformedErrors -ErrorAction SilentlyContinue
                $malformedErrors | Should -HaveCount 1
                $result.Outcome | Should -Be 'completed'
                $result.Content | Should -BeExactly 'Partial text'
                $result.FinishReason | Should -BeExactly 'stop'
            }
        }

        Context 'Timeouts' {
            BeforeAll {
                # One event, then three seconds of silence before each of the next ones.
                $slowAnswer = Start-LlmReplayServer -Path (Get-Fixture 'chat/cumulative-usage-every-chunk.sse') -DelayMs 3000
                # A keep-alive comment first, then three seconds before the first content.
                $slowStart = Start-LlmReplayServer -Path (Get-Fixture 'chat/demo-reasoning-tool-call.sse') -DelayMs 3000
                $replay = @{ Model = 'replay'; ApiKey = $TestApiKey }
            }

            AfterAll {
                Stop-TestReplayServer $slowAnswer, $slowStart
            }

            It 'fails with StreamKit.TimedOut when the stream goes silent for -IdleTimeoutSec' {
                $clock = [System.Diagnostics.Stopwatch]::StartNew()
                $err = { Invoke-LlmStream -Prompt 'q' @replay -BaseUri $slowAnswer.BaseUri -IdleTimeoutSec 0.5 -Final } |
                    Should -Throw -ErrorId 'StreamKit.TimedOut,*' -PassThru
                $clock.Stop()
                $clock.Elapsed.TotalSeconds | Should -BeLessThan 2.9
                $err.CategoryInfo.Category.ToString() | Should -Be 'OperationTimeout'
                $err.ErrorDetails.RecommendedAction | Should -Match 'IdleTimeoutSec'
                $err.TargetObject.Outcome | Should -Be 'timed_out'
                $err.TargetObject.Content | Should -BeExactly 'One'
            }

            It 'fails with StreamKit.TimedOut when no content comes within -FirstContentTimeoutSec' {
                $err = { Invoke-LlmStream -Prompt 'q' @replay -BaseUri $slowStart.BaseUri -FirstContentTimeoutSec 0.5 -Final } |
                    Should -Throw -ErrorId 'StreamKit.TimedOut,*' -PassThru
                $err.ErrorDetails.RecommendedAction | Should -Match 'FirstContentTimeoutSec'
                $err.TargetObject.Outcome | Should -Be 'timed_out'
            }
        }

        Context '-Live' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path (Get-Fixture 'chat/cumulative-usage-every-chunk.sse')
                $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri; ApiKey = $TestApiKey }
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'shows the text on the host and writes only the final result with -Live' {
                $output = @(Invoke-LlmStream -Prompt 'Count to three' @replay -Live)
                $output | Should -HaveCount 1
                $output[0].GetType().FullName | Should -Be 'StreamKit.PowerShell.LlmResult'
                $output[0].Content | Should -BeExactly 'One two three'
            }

            It 'writes delta objects with -Live:$false' {
                $output = @(Invoke-LlmStream -Prompt 'Count to three' @replay -Live:$false)
                $output | Should -HaveCount 8
                $output[0].GetType().FullName | Should -Be 'StreamKit.PowerShell.LlmDelta'
            }
        }
    }

    Context 'Cancellation' -Tag Cancellation {
        BeforeAll {
            # Four events and [DONE], two seconds apart: the stream takes about eight seconds.
            $server = Start-LlmReplayServer -Path (Get-Fixture 'chat/cumulative-usage-every-chunk.sse') -DelayMs 2000
            $ps = New-StreamKitPowerShell
        }

        AfterAll {
            if ($ps) { $ps.Dispose() }
            Stop-TestReplayServer $server
        }

        It 'stops promptly on Ctrl+C (PowerShell.Stop) and keeps the partial message in $StreamKitLastResult' {
            $null = $ps.AddScript('param($BaseUri) Invoke-LlmStream -Prompt "Count slowly" -Model replay -BaseUri $BaseUri -Final').AddArgument([string]$server.BaseUri)
            $null = $ps.BeginInvoke()
            Wait-Until { $server.RequestCount -ge 1 } -TimeoutSec 20 | Should -BeTrue
            Start-Sleep -Milliseconds 700

            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Stop()

            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
            $ps.InvocationStateInfo.State.ToString() | Should -Be 'Stopped'
            $last = $ps.Runspace.SessionStateProxy.GetVariable('StreamKitLastResult')
            $last | Should -Not -BeNullOrEmpty
            $last.GetType().FullName | Should -Be 'StreamKit.PowerShell.LlmResult'
            $last.Outcome | Should -Be 'cancelled'
            $last.Content | Should -BeExactly 'One'
        }
    }
}

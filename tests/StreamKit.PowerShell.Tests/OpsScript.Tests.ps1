#Requires -Version 7.4
# An ops script tested offline: examples/Get-IncidentSummary.ps1 calls Invoke-LlmStream with the
# -BaseUri and -Model it is given; here they point at Start-LlmReplayServer serving a recording.

Describe 'Get-IncidentSummary.ps1 (an ops script built on Invoke-LlmStream)' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $ProgressPreference = 'SilentlyContinue'
        $ScriptPath = Join-Path $ExampleRoot 'Get-IncidentSummary.ps1'
        $incidentFixture = Join-Path $TestFixtureRoot 'incident-summary.sse'
        $log = @'
2025-03-14T02:13:58Z INFO  checkout POST /api/checkout 200 182ms request_id=a1
2025-03-14T02:14:03Z WARN  checkout db pool usage 19/20 for orders-db
2025-03-14T02:14:05Z ERROR checkout could not get connection from pool orders-db: timeout after 5000ms
2025-03-14T02:14:05Z ERROR checkout POST /api/checkout 503 5004ms request_id=a2
2025-03-14T02:14:06Z INFO  checkout retrying with password=hunter2 for user svc_checkout
2025-03-14T02:14:09Z ERROR checkout could not get connection from pool orders-db: timeout after 5000ms
2025-03-14T02:14:11Z WARN  checkout circuit breaker half-open for orders-db
'@
    }

    AfterAll {
        Restore-StreamKitTestEnvironment
    }

    Context 'Offline' -Tag Offline {

        Context 'A model that answers with a JSON verdict' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path $incidentFixture
                $output = @(& $ScriptPath -LogLine $log -Service 'checkout' -BaseUri $server.BaseUri -Model 'replay' -ApiKey $TestApiKey)
                $summary = $output[0]
                $request = Get-LastRequest $server
                $body = $request.Body | ConvertFrom-Json
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'returns one summary object' {
                $output | Should -HaveCount 1
                $summary.PSObject.TypeNames[0] | Should -Be 'StreamKit.Examples.IncidentSummary'
                $summary.Service | Should -Be 'checkout'
            }

            It "takes the verdict from the model's answer" {
                $summary.Severity | Should -BeExactly 'SEV2'
                $summary.Title | Should -BeExactly 'Checkout failing: orders-db connection pool exhausted'
                $summary.Summary | Should -BeLike 'Since 02:14 UTC checkout requests time out*'
                $summary.SuspectedCause | Should -BeLike 'Connections to orders-db are held longer than usual*'
                $summary.NextSteps | Should -HaveCount 3
                $summary.NextSteps[0] | Should -BeExactly 'Check orders-db for long-running queries and locks'
            }

            It 'counts errors and warnings and finds the time span and the top error in the log' {
                $summary.ErrorCount | Should -Be 3
                $summary.WarningCount | Should -Be 2
                $summary.FirstSeen | Should -Be '2025-03-14T02:13:58Z'
                $summary.LastSeen | Should -Be '2025-03-14T02:14:11Z'
                $summary.TopError | Should -BeExactly 'checkout could not get connection from pool orders-db: timeout after 5000ms'
                $summary.LinesSent | Should -Be 7
            }

            It 'reports the model, the outcome and the token usage' {
                $summary.Model | Should -Be 'incident-model'
                $summary.Outcome | Should -Be 'completed'
                $summary.InputTokens | Should -Be 412
                $summary.OutputTokens | Should -Be 96
            }

            It 'sends one chat request with the model it was given' {
                $server.RequestCount | Should -Be 1
                $request.PathAndQuery | Should -Be '/v1/chat/completions'
                $body.model | Should -Be 'replay'
            }

            It 'sends a system prompt and the log excerpt with its statistics' {
                $body.messages | Should -HaveCount 2
                $body.messages[0].role | Should -Be 'system'
                $body.messages[0].content | Should -Match 'site reliability engineer'
                $body.messages[1].role | Should -Be 'user'
                $user = $body.messages[1].content
                $user | Should -Match 'Service: checkout'
                $user | Should -Match 'Errors: 3, warnings: 2, from 2025-03-14T02:13:58Z to 2025-03-14T02:14:11Z'
                $user | Should -Match 'circuit breaker half-open for orders-db'
            }

            It 'asks for a JSON object at temperature 0' {
                $body.response_format.type | Should -Be 'json_object'
                $body.temperature | Should -Be 0
                $body.max_tokens | Should -Be 800
            }

            It 'masks credentials found in the log before sending it' {
                $request.Body | Should -Not -Match 'hunter2'
                $body.messages[1].content | Should -Match 'password=\[redacted\]'
            }

            It 'sends the key only as the Authorization header' {
                $request.Headers['Authorization'] | Should -BeExactly 'Bearer [redacted]'
                $request.Body | Should -Not -Match ([regex]::Escape($TestApiKeyText))
            }
        }

        Context 'Log lines from the pipeline' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path $incidentFixture
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'gives the same summary for lines piped in' {
                $summary = $log -split '\r?\n' | & $ScriptPath -Service 'checkout' -BaseUri $server.BaseUri -Model 'replay'
                $summary.Severity | Should -BeExactly 'SEV2'
                $summary.LinesSent | Should -Be 7
                $summary.ErrorCount | Should -Be 3
            }

            It 'sends only the last -MaxLines lines' {
                $summary = & $ScriptPath -LogLine $log -Service 'checkout' -BaseUri $server.BaseUri -Model 'replay' -MaxLines 3
                $summary.LinesSent | Should -Be 3
                $summary.ErrorCount | Should -Be 1
                $summary.WarningCount | Should -Be 1
                $summary.FirstSeen | Should -Be '2025-03-14T02:14:06Z'
                $user = (Get-LastRequestBody $server).messages[1].content
                $user | Should -Match 'circuit breaker half-open'
                $user | Should -Not -Match 'POST /api/checkout 200'
            }
        }

        Context 'A model that does not answer in JSON' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path (Get-Fixture 'chat/cumulative-usage-every-chunk.sse')
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'keeps the text as the summary, with severity UNKNOWN' {
                $summary = & $ScriptPath -LogLine $log -Service 'checkout' -BaseUri $server.BaseUri -Model 'replay'
                $summary.Severity | Should -BeExactly 'UNKNOWN'
                $summary.Summary | Should -BeExactly 'One two three'
                $summary.Title | Should -BeNullOrEmpty
                $summary.NextSteps | Should -HaveCount 0
                $summary.Outcome | Should -Be 'completed'
            }
        }

        Context 'Failures' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path (Get-Fixture 'chat/truncated-mid-answer.sse')
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'passes a failed stream on as the StreamKit error' {
                $err = { & $ScriptPath -LogLine $log -Service 'checkout' -BaseUri $server.BaseUri -Model 'replay' } |
                    Should -Throw -ErrorId 'StreamKit.Truncated,*' -PassThru
                $err.TargetObject.Content | Should -BeExactly 'The answer is forty'
            }

            It 'refuses an empty excerpt without calling the model' {
                $before = $server.RequestCount
                { & $ScriptPath -LogLine @('', '   ') -BaseUri $server.BaseUri -Model 'replay' } | Should -Throw '*empty*'
                $server.RequestCount | Should -Be $before
            }
        }
    }
}

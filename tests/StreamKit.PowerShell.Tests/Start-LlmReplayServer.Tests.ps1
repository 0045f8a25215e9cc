#Requires -Version 7.4
# Start-LlmReplayServer: a local OpenAI-compatible endpoint serving recorded .sse files.

Describe 'Start-LlmReplayServer' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $ProgressPreference = 'SilentlyContinue'
        $answerFixture = Get-Fixture 'chat/cumulative-usage-every-chunk.sse'
        $weatherFixture = Get-Fixture 'chat/demo-reasoning-tool-call.sse'
        $responsesFixture = Get-Fixture 'responses/resumed-starting-after-1.sse'
        # Every server a test starts goes in here; AfterEach stops them all.
        $started = [System.Collections.Generic.List[object]]::new()
    }

    AfterAll {
        Stop-TestReplayServer $started.ToArray()
        Restore-StreamKitTestEnvironment
    }

    Context 'Offline' -Tag Offline {
        AfterEach {
            Stop-TestReplayServer $started.ToArray()
            $started.Clear()
        }

        It 'starts on 127.0.0.1 and gives a /v1 base URI' {
            $server = Start-LlmReplayServer -Path $answerFixture
            $started.Add($server)
            $server.GetType().FullName | Should -Be 'StreamKit.PowerShell.LlmReplayServer'
            [string]$server.BaseUri | Should -Match '^http://127\.0\.0\.1:\d+/v1$'
            $server.BaseUri.Port | Should -BeGreaterThan 0
            $server.IsRunning | Should -BeTrue
            $server.RequestCount | Should -Be 0
            $server.Files | Should -HaveCount 1
            $server.Files[0] | Should -Be ([System.IO.Path]::GetFullPath($answerFixture))
        }

        It 'serves the recording to Invoke-LlmStream' {
            $server = Start-LlmReplayServer -Path $answerFixture
            $started.Add($server)
            $result = Invoke-LlmStream -Prompt 'Count to three' -Model 'replay' -BaseUri $server.BaseUri -Final
            $result.Content | Should -BeExactly 'One two three'
            $server.RequestCount | Should -Be 1
        }

        It 'serves the files by request order, then the last one again' {
            $server = Start-LlmReplayServer -Path $answerFixture, $weatherFixture
            $started.Add($server)
            $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri }
            (Invoke-LlmStream -Prompt 'one' @replay -Final).Content | Should -BeExactly 'One two three'
            (Invoke-LlmStream -Prompt 'two' @replay -Final).Content | Should -BeLike 'Checking the forecast for Oslo*'
            (Invoke-LlmStream -Prompt 'three' @replay -Final).Content | Should -BeLike 'Checking the forecast for Oslo*'
            $server.RequestCount | Should -Be 3
        }

        It 'serves the files again from the first with -Cycle' {
            $server = Start-LlmReplayServer -Path $answerFixture, $weatherFixture -Cycle
            $started.Add($server)
            $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri }
            (Invoke-LlmStream -Prompt 'one' @replay -Final).Content | Should -BeExactly 'One two three'
            (Invoke-LlmStream -Prompt 'two' @replay -Final).Content | Should -BeLike 'Checking the forecast for Oslo*'
            (Invoke-LlmStream -Prompt 'three' @replay -Final).Content | Should -BeExactly 'One two three'
        }

        It 'routes requests by path with -Rule' {
            $server = Start-LlmReplayServer -Path $answerFixture -Rule @{ 'responses' = $responsesFixture }
            $started.Add($server)
            $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri }
            (Invoke-LlmStream -Prompt 'hi' @replay -Api Responses -Final).Content | Should -BeExactly 'Resumed text'
            (Invoke-LlmStream -Prompt 'hi' @replay -Final).Content | Should -BeExactly 'One two three'
            (Invoke-LlmStream -Prompt 'hi' @replay -Api Responses -Final).Content | Should -BeExactly 'Resumed text'
            $server.Files | Should -HaveCount 2
            @($server.Requests | ForEach-Object PathAndQuery) | Should -Be @('/v1/responses', '/v1/chat/completions', '/v1/responses')
        }

        It 'matches rules against the request body, first rule first' {
            $rules = [ordered]@{
                '"tool_call_id"'    = $answerFixture
                'chat/completions' = $weatherFixture
            }
            $server = Start-LlmReplayServer -Rule $rules
            $started.Add($server)
            $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri }
            $first = Invoke-LlmStream -Prompt 'Weather in Oslo?' @replay -Final
            $first.ToolCalls | Should -HaveCount 1
            $messages = @(
                @{ role = 'user'; content = 'Weather in Oslo?' }
                $first.ToMessage()
                @{ role = 'tool'; tool_call_id = $first.ToolCalls[0].Id; content = '{"celsius":3}' }
            )
            (Invoke-LlmStream -Message $messages @replay -Final).Content | Should -BeExactly 'One two three'
        }

        It 'answers 404 to a request no rule matches when there is no -Path' {
            $server = Start-LlmReplayServer -Rule @{ '^POST /v1/responses' = $responsesFixture }
            $started.Add($server)
            { Invoke-LlmStream -Prompt 'hi' -Model 'replay' -BaseUri $server.BaseUri -MaxRetry 0 -Final } |
                Should -Throw -ErrorId 'StreamKit.HttpError,*'
            $server.RequestCount | Should -Be 1
        }

        It 'resolves relative paths against the current location' {
            Push-Location -LiteralPath $FixtureRoot
            try {
                $server = Start-LlmReplayServer -Path 'chat/cumulative-usage-every-chunk.sse'
                $started.Add($server)
            }
            finally {
                Pop-Location
            }
            $server.Files[0] | Should -Be ([System.IO.Path]::GetFullPath($answerFixture))
        }

        It 'resolves wildcards' {
            $server = Start-LlmReplayServer -Path (Join-Path $FixtureRoot 'chat/cumulative-usage-*.sse')
            $started.Add($server)
            $server.Files | Should -HaveCount 1
        }

        It 'pauses -DelayMs after each event' {
            $server = Start-LlmReplayServer -Path $answerFixture -DelayMs 150
            $started.Add($server)
            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $result = Invoke-LlmStream -Prompt 'Count to three' -Model 'replay' -BaseUri $server.BaseUri -Final
            $clock.Stop()
            $result.Content | Should -BeExactly 'One two three'
            # Four events come before [DONE], each followed by a pause.
            $clock.Elapsed.TotalMilliseconds | Should -BeGreaterThan 500
        }

        It 'splits the body into -WriteSize bytes per write, multi-byte characters included' {
            $expected = (ConvertFrom-SseStream -Path $weatherFixture | Merge-LlmChunk).Content
            $server = Start-LlmReplayServer -Path $weatherFixture -WriteSize 7
            $started.Add($server)
            $result = Invoke-LlmStream -Prompt 'Weather in Oslo?' -Model 'replay' -BaseUri $server.BaseUri -Final
            $result.Outcome | Should -Be 'completed'
            $result.Content | Should -BeExactly $expected
            $result.ToolCalls[0].Arguments | Should -BeExactly '{"city": "Oslo", "units": "metric"}'
        }

        It 'records the requests it receives, credentials redacted' {
            $server = Start-LlmReplayServer -Path $answerFixture
            $started.Add($server)
            $null = Invoke-LlmStream -Prompt 'Count to three' -Model 'replay' -BaseUri $server.BaseUri -ApiKey $TestApiKey -AsText -Header @{ 'api-key' = 'azure-style-key-0123456789' }
            $request = Get-LastRequest $server
            $request.Method | Should -Be 'POST'
            $request.PathAndQuery | Should -Be '/v1/chat/completions'
            $request.Headers['Authorization'] | Should -BeExactly 'Bearer [redacted]'
            $request.Headers['api-key'] | Should -BeExactly '[redacted]'
            $request.Headers['Accept'] | Should -Match 'text/event-stream'
            ($request.Body | ConvertFrom-Json).messages[-1].content | Should -BeExactly 'Count to three'
        }

        It 'starts servers on different ports' {
            $a = Start-LlmReplayServer -Path $answerFixture
            $started.Add($a)
            $b = Start-LlmReplayServer -Path $answerFixture
            $started.Add($b)
            $a.BaseUri.Port | Should -Not -Be $b.BaseUri.Port
        }

        It 'fails with StreamKit.InvalidRecording for a rule whose file does not exist' {
            $err = { Start-LlmReplayServer -Rule @{ 'responses' = (Join-Path $TestDrive 'missing.sse') } } |
                Should -Throw -ErrorId 'StreamKit.InvalidRecording,*' -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'StreamKit.InvalidRecording,StreamKit.PowerShell.Commands.StartLlmReplayServerCommand'
            $err.CategoryInfo.Category.ToString() | Should -Be 'InvalidArgument'
        }

        It 'fails with StreamKit.InvalidRecording without any recording' {
            { Start-LlmReplayServer } | Should -Throw -ErrorId 'StreamKit.InvalidRecording,*'
        }

        It 'fails with StreamKit.InvalidRecording for a bad rule pattern' {
            { Start-LlmReplayServer -Rule @{ '([' = $answerFixture } } | Should -Throw -ErrorId 'StreamKit.InvalidRecording,*'
        }

        It 'fails for a -Path that does not exist' {
            { Start-LlmReplayServer -Path (Join-Path $TestDrive 'missing.sse') } | Should -Throw
        }
    }
}

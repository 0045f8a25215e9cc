#Requires -Version 7.4
# Measure-LlmStream: timings, counts, token usage and outcome of recordings and live results.

Describe 'Measure-LlmStream' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $ProgressPreference = 'SilentlyContinue'
        $answerFixture = Get-Fixture 'chat/cumulative-usage-every-chunk.sse'
        $responsesFixture = Get-Fixture 'responses/resumed-starting-after-1.sse'
        $truncatedFixture = Get-Fixture 'chat/truncated-mid-answer.sse'
    }

    AfterAll {
        Restore-StreamKitTestEnvironment
    }

    Context 'Offline' -Tag Offline {

        Context 'Recordings read from memory (-Path)' {
            BeforeAll {
                $measurement = @(Measure-LlmStream -Path $answerFixture)
            }

            It 'writes one LlmMeasurement per file' {
                $measurement | Should -HaveCount 1
                $measurement[0].GetType().FullName | Should -Be 'StreamKit.PowerShell.LlmMeasurement'
            }

            It 'gives the outcome, counts and token usage of the recording' {
                $m = $measurement[0]
                $m.Api.ToString() | Should -Be 'Chat'
                $m.Outcome | Should -Be 'completed'
                $m.Deltas | Should -BeGreaterThan 0
                $m.Items | Should -Be 4
                $m.Bytes | Should -BeGreaterThan 0
                $m.Attempts | Should -Be 0
                $m.InputTokens | Should -Be 5
                $m.OutputTokens | Should -Be 3
                $m.TotalTokens | Should -Be 8
                $m.ElapsedMs | Should -BeGreaterOrEqual 0
            }

            It 'detects a Responses recording' {
                $m = Measure-LlmStream -Path $responsesFixture
                $m.Api.ToString() | Should -Be 'Responses'
                $m.Outcome | Should -Be 'completed'
                $m.Deltas | Should -BeGreaterThan 0
                $m.InputTokens | Should -Be 5
                $m.OutputTokens | Should -Be 2
                $m.TotalTokens | Should -Be 7
            }

            It 'reports the outcome of a recording that did not complete' {
                $m = Measure-LlmStream -Path $truncatedFixture
                $m.Outcome | Should -Be 'truncated'
                $m.TotalTokens | Should -BeNullOrEmpty
            }

            It 'measures every file a wildcard matches' {
                $files = @(Get-ChildItem -Path (Join-Path $FixtureRoot 'responses') -Filter '*.sse')
                $measurements = @(Measure-LlmStream -Path (Join-Path $FixtureRoot 'responses/*.sse'))
                $measurements | Should -HaveCount $files.Count
            }

            It 'takes files from Get-ChildItem by property name' {
                $measurements = @(Get-ChildItem -LiteralPath $answerFixture, $responsesFixture | Measure-LlmStream)
                $measurements | Should -HaveCount 2
                @($measurements | ForEach-Object TotalTokens) | Should -Be @(8, 7)
            }
        }

        Context 'Recordings served over HTTP (-Replay)' {
            It 'measures real timings through the HTTP client' {
                $m = Measure-LlmStream -Path $answerFixture -Replay -DelayMs 20
                $m.Outcome | Should -Be 'completed'
                $m.TimeToFirstDeltaMs | Should -BeGreaterThan 0
                $m.Attempts | Should -Be 1
                # Four pauses of 20 ms come before [DONE].
                $m.ElapsedMs | Should -BeGreaterThan 50
                $m.Deltas | Should -BeGreaterThan 0
                $m.TotalTokens | Should -Be 8
            }

            It 'replays Responses recordings too' {
                $m = Measure-LlmStream -Path $responsesFixture -Replay
                $m.Api.ToString() | Should -Be 'Responses'
                $m.Outcome | Should -Be 'completed'
                $m.TotalTokens | Should -Be 7
            }
        }

        Context 'Results of live calls' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path $answerFixture
                $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri }
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'measures the result of Invoke-LlmStream -Final from the pipeline' {
                $m = Invoke-LlmStream -Prompt 'Count to three' @replay -Final | Measure-LlmStream
                $m.GetType().FullName | Should -Be 'StreamKit.PowerShell.LlmMeasurement'
                $m.Outcome | Should -Be 'completed'
                $m.Attempts | Should -Be 1
                $m.TimeToFirstDeltaMs | Should -BeGreaterThan 0
                $m.InputTokens | Should -Be 5
                $m.OutputTokens | Should -Be 3
                $m.TotalTokens | Should -Be 8
                $m.OutputTokensPerSecond | Should -BeGreaterThan 0
            }

            It 'measures $StreamKitLastResult' {
                $null = Invoke-LlmStream -Prompt 'Count to three' @replay -AsText
                $m = Measure-LlmStream -InputObject $global:StreamKitLastResult
                $m.Outcome | Should -Be 'completed'
                $m.TotalTokens | Should -Be 8
            }

            It 'writes StreamKit.NoStatistics for a merged result' {
                $merged = ConvertFrom-SseStream -Path $answerFixture | Merge-LlmChunk
                $m = $merged | Measure-LlmStream -ErrorVariable measureErrors -ErrorAction SilentlyContinue
                $m | Should -BeNullOrEmpty
                $measureErrors | Should -HaveCount 1
                $measureErrors[0].FullyQualifiedErrorId | Should -BeExactly 'StreamKit.NoStatistics,StreamKit.PowerShell.Commands.MeasureLlmStreamCommand'
                $measureErrors[0].CategoryInfo.Category.ToString() | Should -Be 'InvalidArgument'
            }
        }
    }

    Context 'Cancellation' -Tag Cancellation {
        BeforeAll {
            $ps = New-StreamKitPowerShell
        }

        AfterAll {
            if ($ps) { $ps.Dispose() }
        }

        It 'stops a slow -Replay measurement promptly' {
            $null = $ps.AddScript('param($Path) Measure-LlmStream -Path $Path -Replay -DelayMs 2000').AddArgument($answerFixture)
            $async = $ps.BeginInvoke()
            # The first event is written at once, the rest two seconds apart: about eight seconds in all.
            Start-Sleep -Milliseconds 1500
            $async.IsCompleted | Should -BeFalse

            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $ps.Stop()
            $clock.Stop()

            $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
            $ps.InvocationStateInfo.State.ToString() | Should -Be 'Stopped'
        }
    }
}

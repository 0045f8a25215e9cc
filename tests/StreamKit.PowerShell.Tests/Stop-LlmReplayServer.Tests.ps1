#Requires -Version 7.4
# Stop-LlmReplayServer: stops a replay endpoint; the port closes, responses in flight end.

Describe 'Stop-LlmReplayServer' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $ProgressPreference = 'SilentlyContinue'
        $answerFixture = Get-Fixture 'chat/cumulative-usage-every-chunk.sse'
        $started = [System.Collections.Generic.List[object]]::new()

        function Test-PortOpen {
            param([int] $Port)
            $client = [System.Net.Sockets.TcpClient]::new()
            try {
                $client.Connect('127.0.0.1', $Port)
                $true
            }
            catch {
                $false
            }
            finally {
                $client.Dispose()
            }
        }
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

        It 'stops the server: IsRunning becomes false' {
            $server = Start-LlmReplayServer -Path $answerFixture
            $started.Add($server)
            $server.IsRunning | Should -BeTrue
            $server | Stop-LlmReplayServer
            $server.IsRunning | Should -BeFalse
        }

        It 'writes nothing' {
            $server = Start-LlmReplayServer -Path $answerFixture
            $started.Add($server)
            $output = @(Stop-LlmReplayServer -Server $server)
            $output | Should -HaveCount 0
        }

        It 'closes the port' {
            $server = Start-LlmReplayServer -Path $answerFixture
            $started.Add($server)
            $port = $server.BaseUri.Port
            Test-PortOpen -Port $port | Should -BeTrue
            Stop-LlmReplayServer -Server $server
            Test-PortOpen -Port $port | Should -BeFalse
            { $client = [System.Net.Sockets.TcpClient]::new(); try { $client.Connect('127.0.0.1', $port) } finally { $client.Dispose() } } |
                Should -Throw
        }

        It 'makes later requests fail with StreamKit.HttpError' {
            $server = Start-LlmReplayServer -Path $answerFixture
            $started.Add($server)
            $baseUri = $server.BaseUri
            Stop-LlmReplayServer $server
            { Invoke-LlmStream -Prompt 'hi' -Model 'replay' -BaseUri $baseUri -MaxRetry 0 -Final } |
                Should -Throw -ErrorId 'StreamKit.HttpError,*'
        }

        It 'keeps the requests it received readable' {
            $server = Start-LlmReplayServer -Path $answerFixture
            $started.Add($server)
            $null = Invoke-LlmStream -Prompt 'Count to three' -Model 'replay' -BaseUri $server.BaseUri -AsText
            $server | Stop-LlmReplayServer
            $server.RequestCount | Should -Be 1
            (Get-LastRequest $server).PathAndQuery | Should -Be '/v1/chat/completions'
        }

        It 'does nothing for a server already stopped' {
            $server = Start-LlmReplayServer -Path $answerFixture
            $started.Add($server)
            $server | Stop-LlmReplayServer
            { $server | Stop-LlmReplayServer } | Should -Not -Throw
            $server.IsRunning | Should -BeFalse
        }

        It 'stops every server piped in' {
            $a = Start-LlmReplayServer -Path $answerFixture
            $started.Add($a)
            $b = Start-LlmReplayServer -Path $answerFixture
            $started.Add($b)
            $a, $b | Stop-LlmReplayServer
            $a.IsRunning | Should -BeFalse
            $b.IsRunning | Should -BeFalse
        }

        It 'requires a server' {
            { Stop-LlmReplayServer -Server $null } | Should -Throw
        }
    }

    Context 'Responses in flight' -Tag Offline {
        BeforeAll {
            # One event, then a pause of ten seconds before the next.
            $server = Start-LlmReplayServer -Path $answerFixture -DelayMs 10000
            $ps = New-StreamKitPowerShell
        }

        AfterAll {
            if ($ps) { $ps.Dispose() }
            Stop-TestReplayServer $server
        }

        It 'ends a response in flight: the client sees a truncated stream at once' {
            $script = 'param($BaseUri) try { Invoke-LlmStream -Prompt "hi" -Model replay -BaseUri $BaseUri -Final } catch { $_.FullyQualifiedErrorId; $_.TargetObject.Content }'
            $null = $ps.AddScript($script).AddArgument([string]$server.BaseUri)
            $async = $ps.BeginInvoke()
            Wait-Until { $server.RequestCount -ge 1 } -TimeoutSec 20 | Should -BeTrue
            Start-Sleep -Milliseconds 500

            $clock = [System.Diagnostics.Stopwatch]::StartNew()
            $server | Stop-LlmReplayServer
            $async.AsyncWaitHandle.WaitOne([System.TimeSpan]::FromSeconds(8)) | Should -BeTrue
            $clock.Stop()

            $output = @($ps.EndInvoke($async))
            $output[0] | Should -BeLike 'StreamKit.Truncated,*'
            $output[1] | Should -BeExactly 'One'
            $clock.Elapsed.TotalSeconds | Should -BeLessThan 8
        }
    }
}

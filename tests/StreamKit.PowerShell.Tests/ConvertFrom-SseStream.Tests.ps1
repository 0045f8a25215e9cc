#Requires -Version 7.4
# ConvertFrom-SseStream: recorded SSE (files, lines, whole text, bytes) into typed chunks and events.

Describe 'ConvertFrom-SseStream' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $chatFixture = Get-Fixture 'chat/cumulative-usage-every-chunk.sse'
        $responsesFixture = Get-Fixture 'responses/resumed-starting-after-1.sse'
        $malformedFixture = Get-Fixture 'chat/malformed-json-third-event.sse'
        $chatCount = Get-DataEventCount $chatFixture            # 4: five data events, [DONE] left out
        $responsesCount = Get-DataEventCount $responsesFixture  # 8: no [DONE] in this recording
    }

    AfterAll {
        Restore-StreamKitTestEnvironment
    }

    Context 'Offline' -Tag Offline {

        Context 'From a file' {
            BeforeAll {
                $chunks = @(ConvertFrom-SseStream -Path $chatFixture)
            }

            It 'writes one typed chunk per data event, [DONE] left out' {
                $chatCount | Should -Be 4
                $chunks | Should -HaveCount $chatCount
                @($chunks | ForEach-Object { $_.GetType().FullName } | Select-Object -Unique) | Should -Be @('StreamKit.Chat.ChatCompletionChunk')
            }

            It 'parses the chunks' {
                $chunks[0].Id | Should -Be 'chatcmpl-fx'
                $chunks[0].Model | Should -Be 'fixture-model'
                @($chunks | ForEach-Object { $_.Choices[0].Delta.Content }) -join '' | Should -BeExactly 'One two three'
                $chunks[3].Choices[0].FinishReason.Value | Should -BeExactly 'stop'
                $chunks[3].Usage.TotalTokens | Should -Be 8
            }

            It 'resolves relative paths against the current location' {
                Push-Location -LiteralPath $FixtureRoot
                try {
                    @(ConvertFrom-SseStream -Path 'chat/cumulative-usage-every-chunk.sse') | Should -HaveCount $chatCount
                }
                finally {
                    Pop-Location
                }
            }

            It 'resolves wildcards' {
                @(ConvertFrom-SseStream -Path (Join-Path $FixtureRoot 'chat/cumulative-usage-*.sse')) | Should -HaveCount $chatCount
            }

            It 'converts each file on its own, with its own API' {
                $items = @(ConvertFrom-SseStream -Path $chatFixture, $responsesFixture)
                $items | Should -HaveCount ($chatCount + $responsesCount)
                $items[0].GetType().FullName | Should -Be 'StreamKit.Chat.ChatCompletionChunk'
                $items[$chatCount].GetType().FullName | Should -Be 'StreamKit.Responses.ResponseInProgressEvent'
            }

            It 'fails for a file that does not exist' {
                { ConvertFrom-SseStream -Path (Join-Path $TestDrive 'missing.sse') } | Should -Throw
            }
        }

        Context 'From text and bytes' {
            BeforeAll {
                $expected = @(ConvertFrom-SseStream -Path $chatFixture | ForEach-Object { $_.Choices[0].Delta.Content })
            }

            It 'converts the lines Get-Content writes' {
                $chunks = @(Get-Content -LiteralPath $chatFixture | ConvertFrom-SseStream)
                $chunks | Should -HaveCount $chatCount
                $chunks[0].GetType().FullName | Should -Be 'StreamKit.Chat.ChatCompletionChunk'
                @($chunks | ForEach-Object { $_.Choices[0].Delta.Content }) | Should -Be $expected
            }

            It 'converts a whole body read with Get-Content -Raw' {
                $chunks = @(Get-Content -LiteralPath $chatFixture -Raw | ConvertFrom-SseStream)
                $chunks | Should -HaveCount $chatCount
                @($chunks | ForEach-Object { $_.Choices[0].Delta.Content }) | Should -Be $expected
            }

            It 'converts a byte array read with Get-Content -AsByteStream -Raw' {
                $bytes = Get-Content -LiteralPath $chatFixture -AsByteStream -Raw
                $chunks = @(ConvertFrom-SseStream -InputObject $bytes)
                $chunks | Should -HaveCount $chatCount
                @($chunks | ForEach-Object { $_.Choices[0].Delta.Content }) | Should -Be $expected
            }

            It 'converts a byte array sent down the pipeline as one object' {
                $bytes = [System.IO.File]::ReadAllBytes($chatFixture)
                $chunks = @(, $bytes | ConvertFrom-SseStream)
                $chunks | Should -HaveCount $chatCount
                $chunks[-1].Usage.TotalTokens | Should -Be 8
            }

            It 'converts events split across pieces' {
                $text = Get-Content -LiteralPath $chatFixture -Raw
                $pieces = for ($i = 0; $i -lt $text.Length; $i += 37) { $text.Substring($i, [math]::Min(37, $text.Length - $i)) }
                # Pieces are not lines: ConvertFrom-SseStream adds a line end to text without one, so send bytes.
                $chunks = @($pieces | ForEach-Object { , [System.Text.Encoding]::UTF8.GetBytes($_) } | ConvertFrom-SseStream)
                $chunks | Should -HaveCount $chatCount
                @($chunks | ForEach-Object { $_.Choices[0].Delta.Content }) | Should -Be $expected
            }
        }

        Context 'Raw SSE events (-AsSseEvent)' {
            BeforeAll {
                $events = @(ConvertFrom-SseStream -Path $chatFixture -AsSseEvent)
            }

            It 'writes one SseEventRecord per event, [DONE] included' {
                $events | Should -HaveCount ($chatCount + 1)
                @($events | ForEach-Object { $_.GetType().FullName } | Select-Object -Unique) | Should -Be @('StreamKit.PowerShell.SseEventRecord')
            }

            It 'gives the event type, data, index and offset of each event' {
                @($events | ForEach-Object EventType | Select-Object -Unique) | Should -Be @('message')
                @($events | ForEach-Object Index) | Should -Be @(0, 1, 2, 3, 4)
                $events[0].ByteOffset | Should -Be 0
                $events[1].ByteOffset | Should -BeGreaterThan 0
                $events[0].Data | Should -BeLike '{"id":"chatcmpl-fx"*'
                $events[-1].Data | Should -BeExactly '[DONE]'
                $events[-1].ToString() | Should -BeExactly 'message: [DONE]'
            }

            It 'gives the event: field of Responses events' {
                $responseEvents = @(ConvertFrom-SseStream -Path $responsesFixture -AsSseEvent)
                $responseEvents | Should -HaveCount $responsesCount
                $responseEvents[0].EventType | Should -BeExactly 'response.in_progress'
                $responseEvents[-1].EventType | Should -BeExactly 'response.completed'
            }
        }

        Context 'The Responses API' {
            BeforeAll {
                $items = @(ConvertFrom-SseStream -Path $responsesFixture)
            }

            It 'detects Responses events from the first event' {
                $items | Should -HaveCount $responsesCount
                foreach ($item in $items) {
                    $item.GetType().FullName | Should -BeLike 'StreamKit.Responses.*'
                    $item.GetType().Name | Should -Match 'Response'
                }
                $items[0].GetType().Name | Should -Be 'ResponseInProgressEvent'
                $items[-1].GetType().Name | Should -Be 'ResponseCompletedEvent'
            }

            It 'converts the same events when -Api Responses is given' {
                $forced = @(ConvertFrom-SseStream -Path $responsesFixture -Api Responses)
                @($forced | ForEach-Object { $_.GetType().Name }) | Should -Be @($items | ForEach-Object { $_.GetType().Name })
            }

            It 'detects Responses events in lines from Get-Content too' {
                $fromLines = @(Get-Content -LiteralPath $responsesFixture | ConvertFrom-SseStream)
                $fromLines | Should -HaveCount $responsesCount
                $fromLines[0].GetType().Name | Should -Be 'ResponseInProgressEvent'
            }
        }

        Context 'Malformed events' {
            It 'writes a non-terminating StreamKit.MalformedChunk and goes on' {
                $chunks = @(ConvertFrom-SseStream -Path $malformedFixture -ErrorVariable malformedErrors -ErrorAction SilentlyContinue)
                $malformedErrors | Should -HaveCount 1
                $malformedErrors[0].FullyQualifiedErrorId | Should -BeExactly 'StreamKit.MalformedChunk,StreamKit.PowerShell.Commands.ConvertFromSseStreamCommand'
                $malformedErrors[0].CategoryInfo.Category.ToString() | Should -Be 'InvalidData'
                $malformedErrors[0].TargetObject | Should -Be 2
                # Events 0, 1 and 3 are chunks; event 2 is the malformed one; [DONE] is left out.
                $chunks | Should -HaveCount 3
                $chunks[2].Choices[0].FinishReason.Value | Should -BeExactly 'stop'
            }

            It 'writes the error to the error stream' {
                $all = @(ConvertFrom-SseStream -Path $malformedFixture -ErrorAction Continue 2>&1)
                @($all | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }) | Should -HaveCount 1
                @($all | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] }) | Should -HaveCount 3
            }

            It 'reports the malformed event in lines from Get-Content too' {
                $chunks = @(Get-Content -LiteralPath $malformedFixture | ConvertFrom-SseStream -ErrorVariable malformedErrors -ErrorAction SilentlyContinue)
                $malformedErrors | Should -HaveCount 1
                $chunks | Should -HaveCount 3
            }
        }
    }
}

#Requires -Version 7.4
# Merge-LlmChunk: chunks, events, deltas and JSON text folded into the final message.

Describe 'Merge-LlmChunk' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $ProgressPreference = 'SilentlyContinue'
        $demoFixture = Get-Fixture 'chat/demo-reasoning-tool-call.sse'
        $answerFixture = Get-Fixture 'chat/cumulative-usage-every-chunk.sse'
        $responsesFixture = Get-Fixture 'responses/resumed-starting-after-1.sse'
        $truncatedFixture = Get-Fixture 'chat/truncated-mid-answer.sse'
    }

    AfterAll {
        Restore-StreamKitTestEnvironment
    }

    Context 'Offline' -Tag Offline {

        Context 'Chunks from a recording' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path $demoFixture
                $live = Invoke-LlmStream -Prompt 'Weather in Oslo?' -Model 'replay' -BaseUri $server.BaseUri -Final
                $merged = @(ConvertFrom-SseStream -Path $demoFixture | Merge-LlmChunk)
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'writes one LlmResult' {
                $merged | Should -HaveCount 1
                $merged[0].GetType().FullName | Should -Be 'StreamKit.PowerShell.LlmResult'
            }

            It 'gives the same message as Invoke-LlmStream -Final' {
                $live.Content | Should -Not -BeNullOrEmpty
                $merged[0].Content | Should -BeExactly $live.Content
                $merged[0].Reasoning | Should -BeExactly $live.Reasoning
                $merged[0].FinishReason | Should -BeExactly $live.FinishReason
                $merged[0].ToolCalls | Should -HaveCount 1
                $merged[0].ToolCalls[0].Name | Should -BeExactly $live.ToolCalls[0].Name
                $merged[0].ToolCalls[0].Arguments | Should -BeExactly $live.ToolCalls[0].Arguments
                $merged[0].TotalTokens | Should -Be $live.TotalTokens
            }

            It 'is completed, without statistics' {
                $merged[0].Outcome | Should -Be 'completed'
                $merged[0].Statistics | Should -BeNullOrEmpty
            }
        }

        Context 'Deltas from Invoke-LlmStream' {
            BeforeAll {
                $server = Start-LlmReplayServer -Path $answerFixture
                $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri }
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'merges deltas piped from Invoke-LlmStream into the same message' {
                $final = Invoke-LlmStream -Prompt 'Count to three' @replay -Final
                $merged = Invoke-LlmStream -Prompt 'Count to three' @replay -Live:$false | Merge-LlmChunk
                $merged.Content | Should -BeExactly $final.Content
                $merged.Content | Should -BeExactly 'One two three'
                $merged.FinishReason | Should -BeExactly 'stop'
                $merged.TotalTokens | Should -Be 8
                $merged.Outcome | Should -Be 'completed'
            }

            It 'applies each chunk once although several deltas carry it' {
                $deltas = @(Invoke-LlmStream -Prompt 'Count to three' @replay -Live:$false)
                # Each of the first three chunks gives a Text and a Usage delta, both with the same Raw chunk.
                $deltas | Should -HaveCount 8
                ($deltas | Merge-LlmChunk).Content | Should -BeExactly 'One two three'
            }

            It 'merges deltas given as one array' {
                $deltas = @(Invoke-LlmStream -Prompt 'Count to three' @replay -Live:$false)
                (Merge-LlmChunk -InputObject $deltas).Content | Should -BeExactly 'One two three'
            }
        }

        Context 'Other inputs' {
            It 'merges the JSON text of chunks' {
                $json = Get-Content -LiteralPath $answerFixture |
                    Where-Object { $_ -like 'data: {*' } |
                    ForEach-Object { $_.Substring('data: '.Length) }
                $result = $json | Merge-LlmChunk
                $result.Content | Should -BeExactly 'One two three'
                $result.Outcome | Should -Be 'completed'
            }

            It 'merges SSE event records, skipping [DONE]' {
                $result = ConvertFrom-SseStream -Path $answerFixture -AsSseEvent | Merge-LlmChunk
                $result.Content | Should -BeExactly 'One two three'
                $result.InputTokens | Should -Be 5
                $result.OutputTokens | Should -Be 3
            }

            It 'merges Responses events' {
                $result = ConvertFrom-SseStream -Path $responsesFixture | Merge-LlmChunk
                $result.Api.ToString() | Should -Be 'Responses'
                $result.Content | Should -BeExactly 'Resumed text'
                $result.FinishReason | Should -BeExactly 'completed'
                $result.Outcome | Should -Be 'completed'
                $result.TotalTokens | Should -Be 7
            }

            It 'ignores null input' {
                $chunks = @(ConvertFrom-SseStream -Path $answerFixture)
                $result = @($null) + $chunks + @($null) | Merge-LlmChunk -ErrorVariable mergeErrors -ErrorAction SilentlyContinue
                $mergeErrors | Should -HaveCount 0
                $result.Content | Should -BeExactly 'One two three'
            }
        }

        Context 'Streams that did not finish' {
            It 'gives Outcome truncated for a stream without a finish' {
                $result = ConvertFrom-SseStream -Path $truncatedFixture | Merge-LlmChunk
                $result.Outcome | Should -Be 'truncated'
                $result.IsSuccess | Should -BeFalse
                $result.Content | Should -BeExactly 'The answer is forty'
            }

            It 'gives Outcome truncated for the first chunks of a complete stream' {
                $result = ConvertFrom-SseStream -Path $answerFixture | Select-Object -First 2 | Merge-LlmChunk
                $result.Outcome | Should -Be 'truncated'
                $result.Content | Should -BeExactly 'One two'
            }
        }

        Context 'Items that cannot be merged' {
            It 'writes StreamKit.UnmergeableItem for Responses events after chat chunks, and keeps the chat message' {
                $items = @(ConvertFrom-SseStream -Path $answerFixture) + @(ConvertFrom-SseStream -Path $responsesFixture)
                $result = $items | Merge-LlmChunk -ErrorVariable mergeErrors -ErrorAction SilentlyContinue
                $mergeErrors.Count | Should -BeGreaterThan 0
                $mergeErrors[0].FullyQualifiedErrorId | Should -BeExactly 'StreamKit.UnmergeableItem,StreamKit.PowerShell.Commands.MergeLlmChunkCommand'
                $mergeErrors[0].CategoryInfo.Category.ToString() | Should -Be 'InvalidArgument'
                $mergeErrors[0].TargetObject.GetType().FullName | Should -BeLike 'StreamKit.Responses.*'
                $result.Api.ToString() | Should -Be 'Chat'
                $result.Content | Should -BeExactly 'One two three'
            }

            It 'writes StreamKit.UnmergeableItem for chat chunks after Responses events' {
                $items = @(ConvertFrom-SseStream -Path $responsesFixture) + @(ConvertFrom-SseStream -Path $answerFixture)
                $result = $items | Merge-LlmChunk -ErrorVariable mergeErrors -ErrorAction SilentlyContinue
                $mergeErrors | Should -HaveCount 4
                $mergeErrors[0].FullyQualifiedErrorId | Should -BeLike 'StreamKit.UnmergeableItem,*'
                $result.Content | Should -BeExactly 'Resumed text'
            }

            It 'writes StreamKit.UnmergeableItem for objects that are not chunks' {
                $null = [datetime]::new(2025, 1, 1) | Merge-LlmChunk -ErrorVariable mergeErrors -ErrorAction SilentlyContinue
                $mergeErrors | Should -HaveCount 1
                $mergeErrors[0].FullyQualifiedErrorId | Should -BeLike 'StreamKit.UnmergeableItem,*'
            }
        }
    }
}

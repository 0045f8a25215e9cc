@{
    RootModule           = 'StreamKit.PowerShell.dll'
    ModuleVersion        = '0.2.0'
    GUID                 = '6f1d4c2e-8a53-4b7e-9c61-2d0f5a7b3e94'
    Author               = 'StreamKit contributors'
    CompanyName          = 'StreamKit'
    Copyright            = '(c) StreamKit contributors. MIT License.'
    Description          = 'Typed LLM streams for PowerShell: Invoke-LlmStream writes text, reasoning, tool-call, usage and finish deltas to the pipeline as they arrive from any OpenAI-compatible Chat Completions or Responses endpoint, with timers, retries, limits and a typed outcome; companion cmdlets convert, merge, measure and replay recorded streams for offline Pester tests.'
    PowerShellVersion    = '7.4'
    CompatiblePSEditions = @('Core')
    FormatsToProcess     = @('StreamKit.Format.ps1xml')
    CmdletsToExport      = @(
        'Invoke-LlmStream'
        'ConvertFrom-SseStream'
        'Merge-LlmChunk'
        'Measure-LlmStream'
        'Start-LlmReplayServer'
        'Stop-LlmReplayServer'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('LLM', 'OpenAI', 'SSE', 'Streaming', 'ChatCompletions', 'Responses', 'AI', 'PSEdition_Core', 'Linux', 'Windows', 'MacOS')
            LicenseUri   = 'https://github.com/streamkit/streamkit/blob/main/LICENSE'
            ProjectUri   = 'https://github.com/streamkit/streamkit'
            ReleaseNotes = 'First release: Invoke-LlmStream, ConvertFrom-SseStream, Merge-LlmChunk, Measure-LlmStream, Start-/Stop-LlmReplayServer.'
        }
    }
}

<#
.SYNOPSIS
    Summarizes an incident from a log excerpt with an LLM, for the on-call channel.

.DESCRIPTION
    Takes the lines of a log excerpt (from the pipeline or -LogLine), keeps the last -MaxLines of
    them, masks credentials (password=..., token=..., Bearer ..., sk-... keys), counts errors and
    warnings, and asks an OpenAI-compatible model, through Invoke-LlmStream -Final, for a JSON
    verdict: severity, title, summary, suspected cause and next steps.

    Returns one summary object. When the model does not answer in JSON, Summary holds its text and
    Severity is UNKNOWN. When the stream fails (timeout, truncation, HTTP error...), the StreamKit
    error is passed on unchanged (its TargetObject is the partial answer).

    The endpoint, model and key default to StreamKit's environment variables (STREAMKIT_BASE_URI,
    STREAMKIT_MODEL, STREAMKIT_API_KEY); tests point -BaseUri at Start-LlmReplayServer.

.PARAMETER LogLine
    The log excerpt: one line per string (Get-Content output), or whole excerpts with line breaks.

.PARAMETER Service
    The service the log belongs to, as the on-call channel knows it.

.PARAMETER BaseUri
    The API root of the model endpoint (default: $env:STREAMKIT_BASE_URI, else OpenAI).

.PARAMETER Model
    The model (default: $env:STREAMKIT_MODEL).

.PARAMETER ApiKey
    The API key (default: $env:STREAMKIT_API_KEY, else $env:OPENAI_API_KEY).

.PARAMETER MaxLines
    The most lines sent to the model: the last ones, where the failure usually is. Default 400.

.PARAMETER TimeoutSec
    Seconds for the whole call, retries included. Default 120.

.EXAMPLE
    Get-Content /var/log/checkout/app.log -Tail 300 | ./Get-IncidentSummary.ps1 -Service checkout

.EXAMPLE
    $summary = ./Get-IncidentSummary.ps1 -LogLine (Get-Content ./excerpt.log) -Service payments `
        -BaseUri http://127.0.0.1:11434/v1 -Model llama3.1
    "[$($summary.Severity)] $($summary.Title)"
#>
[CmdletBinding()]
[OutputType([pscustomobject])]
param(
    [Parameter(Mandatory, ValueFromPipeline)]
    [AllowEmptyString()]
    [AllowEmptyCollection()]
    [string[]] $LogLine,

    [ValidateNotNullOrEmpty()]
    [string] $Service = 'unknown',

    [uri] $BaseUri,

    [string] $Model,

    [securestring] $ApiKey,

    [ValidateRange(1, 5000)]
    [int] $MaxLines = 400,

    [ValidateRange(1, 3600)]
    [double] $TimeoutSec = 120
)

begin {
    if (-not (Get-Command -Name Invoke-LlmStream -ErrorAction SilentlyContinue)) {
        Import-Module -Name StreamKit -ErrorAction Stop
    }

    $timestampPattern = '^\s*\[?(?<ts>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\]?'
    $errorPattern = '\b(ERROR|FATAL|CRITICAL|PANIC)\b|level=(error|fatal|critical)'
    $warningPattern = '\bWARN(ING)?\b|level=warn(ing)?'
    $severities = 'SEV1', 'SEV2', 'SEV3', 'SEV4'

    $systemPrompt = @'
You are an experienced site reliability engineer writing for the on-call channel.
Read the log excerpt and answer with one JSON object and nothing else:
{"severity": "SEV1|SEV2|SEV3|SEV4", "title": "...", "summary": "...",
 "suspected_cause": "...", "next_steps": ["...", "..."]}
SEV1 is a full outage, SEV2 a major degradation, SEV3 a minor one, SEV4 no user impact.
Keep the summary under 60 words and give at most five next steps.
'@

    function Protect-LogLine {
        # Masks credentials before anything leaves the machine.
        param([string] $Line)
        $Line = $Line -replace '(?i)\b(password|passwd|pwd|secret|token|api[_-]?key)(\s*[=:]\s*)("[^"]*"|\S+)', '$1$2[redacted]'
        $Line = $Line -replace '(?i)\bBearer\s+[A-Za-z0-9._~+/=-]+', 'Bearer [redacted]'
        $Line -replace '\bsk-[A-Za-z0-9_-]{8,}', '[redacted]'
    }

    function ConvertFrom-ModelAnswer {
        # The model's JSON verdict, with or without a ```json fence; $null when it is not JSON.
        param([string] $Content)
        if ([string]::IsNullOrWhiteSpace($Content)) { return $null }
        $text = $Content.Trim()
        if ($text -match '^```(?:json)?\s*(?<body>[\s\S]*?)\s*```$') { $text = $Matches.body }
        try {
            $answer = $text | ConvertFrom-Json -ErrorAction Stop
        }
        catch {
            return $null
        }
        if ($answer -is [System.Management.Automation.PSCustomObject]) { $answer } else { $null }
    }

    $lines = [System.Collections.Generic.List[string]]::new()
}

process {
    foreach ($entry in $LogLine) {
        if ($null -eq $entry) { continue }
        foreach ($line in ($entry -split '\r?\n')) {
            if (-not [string]::IsNullOrWhiteSpace($line)) { $lines.Add($line.TrimEnd()) }
        }
    }
}

end {
    if ($lines.Count -eq 0) {
        throw [System.ArgumentException]::new('The log excerpt is empty.', 'LogLine')
    }

    $excerpt = if ($lines.Count -gt $MaxLines) { $lines.GetRange($lines.Count - $MaxLines, $MaxLines) } else { $lines }
    $excerpt = @($excerpt | ForEach-Object { Protect-LogLine $_ })

    $errorLines = @($excerpt | Where-Object { $_ -cmatch $errorPattern })
    $warningCount = @($excerpt | Where-Object { $_ -cmatch $warningPattern -and $_ -cnotmatch $errorPattern }).Count
    $timestamps = @($excerpt | ForEach-Object { if ($_ -match $timestampPattern) { $Matches.ts } })
    $topError = $errorLines |
        ForEach-Object { (($_ -replace $timestampPattern, '') -creplace '^\s*(ERROR|FATAL|CRITICAL|PANIC)\b[:\s]*', '').Trim() } |
        Group-Object -NoElement |
        Sort-Object -Property Count -Descending |
        Select-Object -First 1 -ExpandProperty Name

    $prompt = @(
        "Service: $Service"
        "Errors: $($errorLines.Count), warnings: $warningCount" + $(if ($timestamps.Count) { ", from $($timestamps[0]) to $($timestamps[-1])" } else { '' })
        ''
        'Log excerpt:'
        '```'
        $excerpt
        '```'
    ) -join "`n"

    $invoke = @{
        SystemPrompt = $systemPrompt
        Prompt       = $prompt
        Final        = $true
        Temperature  = 0
        MaxTokens    = 800
        TimeoutSec   = $TimeoutSec
        ExtraBody    = @{ response_format = @{ type = 'json_object' } }
    }
    if ($PSBoundParameters.ContainsKey('BaseUri')) { $invoke.BaseUri = $BaseUri }
    if ($PSBoundParameters.ContainsKey('Model')) { $invoke.Model = $Model }
    if ($PSBoundParameters.ContainsKey('ApiKey')) { $invoke.ApiKey = $ApiKey }

    Write-Verbose "Asking for a summary of $($excerpt.Count) lines of $Service ($($errorLines.Count) errors)."
    $result = Invoke-LlmStream @invoke

    $answer = ConvertFrom-ModelAnswer $result.Content
    $severity = if ($answer -and "$($answer.severity)".Trim().ToUpperInvariant() -in $severities) {
        "$($answer.severity)".Trim().ToUpperInvariant()
    }
    else {
        'UNKNOWN'
    }

    [pscustomobject]@{
        PSTypeName     = 'StreamKit.Examples.IncidentSummary'
        Service        = $Service
        Severity       = $severity
        Title          = if ($answer) { [string]$answer.title } else { $null }
        Summary        = if ($answer) { [string]$answer.summary } else { $result.Content }
        SuspectedCause = if ($answer) { [string]$answer.suspected_cause } else { $null }
        NextSteps      = [string[]]@(if ($answer) { $answer.next_steps | Where-Object { $_ } | ForEach-Object { [string]$_ } })
        ErrorCount     = $errorLines.Count
        WarningCount   = $warningCount
        TopError       = $topError
        FirstSeen      = if ($timestamps.Count) { $timestamps[0] } else { $null }
        LastSeen       = if ($timestamps.Count) { $timestamps[-1] } else { $null }
        LinesSent      = $excerpt.Count
        Model          = $result.Model
        Outcome        = $result.Outcome
        InputTokens    = $result.InputTokens
        OutputTokens   = $result.OutputTokens
    }
}

#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Runs the StreamKit Pester suite (tests/StreamKit.PowerShell.Tests) against the built module.

.DESCRIPTION
    Needs Pester 5.5 or later and the module built by `dotnet build StreamKit.sln` (it is imported from
    artifacts/module/StreamKit). Every test runs offline: requests go to Start-LlmReplayServer on
    127.0.0.1. Writes an NUnit XML report and exits with the number of failed tests (0 when all pass).

.PARAMETER ResultPath
    Where to write the NUnit XML report. Default: artifacts/pester-results.xml under the repository root.

.PARAMETER Tag
    Runs only the tests with these tags (Offline, Cancellation).

.PARAMETER ExcludeTag
    Skips the tests with these tags.

.EXAMPLE
    ./tests/StreamKit.PowerShell.Tests/Run-Pester.ps1

.EXAMPLE
    ./tests/StreamKit.PowerShell.Tests/Run-Pester.ps1 -ExcludeTag Cancellation -ResultPath ./pester.xml
#>
#Requires -Version 7.4
[CmdletBinding()]
param(
    [string] $ResultPath,
    [string[]] $Tag,
    [string[]] $ExcludeTag
)

$ErrorActionPreference = 'Stop'

try {
    Import-Module -Name Pester -MinimumVersion 5.5.0 -ErrorAction Stop
}
catch {
    throw "Pester 5.5 or later is required to run the StreamKit tests (found: $(@(Get-Module -ListAvailable -Name Pester | ForEach-Object { $_.Version }) -join ', ')). Install it with: Install-Module -Name Pester -MinimumVersion 5.5.0 -Scope CurrentUser -Force -SkipPublisherCheck"
}

$repoRoot = $PSScriptRoot
while ($repoRoot -and -not (Test-Path -LiteralPath (Join-Path $repoRoot 'StreamKit.sln'))) {
    $repoRoot = Split-Path -Path $repoRoot -Parent
}
if (-not $repoRoot) {
    throw "Could not find the repository root (the folder holding StreamKit.sln) above $PSScriptRoot."
}

if (-not $ResultPath) {
    $ResultPath = Join-Path $repoRoot 'artifacts/pester-results.xml'
}
$ResultPath = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($ResultPath)
$resultDirectory = Split-Path -Path $ResultPath -Parent
if ($resultDirectory -and -not (Test-Path -LiteralPath $resultDirectory)) {
    $null = New-Item -ItemType Directory -Path $resultDirectory -Force
}

$configuration = New-PesterConfiguration
$configuration.Run.Path = $PSScriptRoot
$configuration.Run.Exit = $true
$configuration.Output.Verbosity = 'Detailed'
$configuration.TestResult.Enabled = $true
$configuration.TestResult.OutputFormat = 'NUnitXml'
$configuration.TestResult.OutputPath = $ResultPath
if ($Tag) { $configuration.Filter.Tag = $Tag }
if ($ExcludeTag) { $configuration.Filter.ExcludeTag = $ExcludeTag }

# The tests decide themselves which errors stop them: a caller's 'Stop' (build.ps1 sets it) must not
# turn the non-terminating errors they expect into terminating ones.
$ErrorActionPreference = 'Continue'

Invoke-Pester -Configuration $configuration

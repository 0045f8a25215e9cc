#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds StreamKit; the same steps as the README's dotnet commands, for people who have PowerShell.
.DESCRIPTION
    Every build lays out the PowerShell module at artifacts/module/StreamKit (Import-Module takes that folder).
.PARAMETER Test
    Runs every xunit test (dotnet test StreamKit.sln), then the Pester suite in tests/StreamKit.PowerShell.Tests
    (Pester 5.5 or later; reported as SKIPPED when Pester is not installed).
.PARAMETER Replay
    Runs the main job: replays a recorded stream through the real HTTP path.
.PARAMETER PublishAot
    Publishes the streamkit CLI with NativeAOT for this machine's runtime identifier.
.PARAMETER Import
    Imports the built module into this session.
.PARAMETER Configuration
    Debug (default) or Release.
#>
[CmdletBinding()]
param(
    [switch] $Test,
    [switch] $Replay,
    [switch] $PublishAot,
    [switch] $Import,
    [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Debug'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

Invoke-Dotnet build StreamKit.sln -c $Configuration
$module = Join-Path $PSScriptRoot 'artifacts/module/StreamKit/StreamKit.psd1'
Write-Host "Module: $module"

if ($Test) {
    Invoke-Dotnet test StreamKit.sln -c $Configuration --no-build
    if (Get-Module -ListAvailable Pester | Where-Object Version -ge '5.5') {
        & (Join-Path $PSScriptRoot 'tests/StreamKit.PowerShell.Tests/Run-Pester.ps1')
        if ($LASTEXITCODE -ne 0) { throw "Pester failed with exit code $LASTEXITCODE" }
    }
    else {
        Write-Warning 'SKIPPED: Pester suite (Pester 5.5 or later is not installed: Install-Module Pester -MinimumVersion 5.5)'
    }
}

if ($Replay) {
    Invoke-Dotnet run --project cli/StreamKit.Cli -c $Configuration -- replay tests/fixtures/chat/demo-reasoning-tool-call.sse --delay-ms 15
}

if ($PublishAot) {
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    Invoke-Dotnet publish cli/StreamKit.Cli -c Release -r $rid -o artifacts/streamkit-aot
    Write-Host "Published artifacts/streamkit-aot/StreamKit.Cli"
}

if ($Import) {
    Import-Module $module -Force
}

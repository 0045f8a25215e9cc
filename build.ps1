#!/usr/bin/env pwsh
<#
.SYNOPSIS
    Builds StreamKit; the same steps as the README's dotnet commands, for people who have PowerShell.
.PARAMETER Test
    Runs every test (dotnet test StreamKit.sln).
.PARAMETER Replay
    Runs the main job: replays a recorded stream through the real HTTP path.
.PARAMETER PublishAot
    Publishes the streamkit CLI with NativeAOT for this machine's runtime identifier.
.PARAMETER Configuration
    Debug (default) or Release.
#>
[CmdletBinding()]
param(
    [switch] $Test,
    [switch] $Replay,
    [switch] $PublishAot,
    [ValidateSet('Debug', 'Release')] [string] $Configuration = 'Debug'
)
$ErrorActionPreference = 'Stop'
Set-Location $PSScriptRoot

function Invoke-Dotnet {
    & dotnet @args
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

Invoke-Dotnet build StreamKit.sln -c $Configuration

if ($Test) {
    Invoke-Dotnet test StreamKit.sln -c $Configuration --no-build
}

if ($Replay) {
    Invoke-Dotnet run --project cli/StreamKit.Cli -c $Configuration -- replay tests/fixtures/chat/demo-reasoning-tool-call.sse --delay-ms 15
}

if ($PublishAot) {
    $rid = [System.Runtime.InteropServices.RuntimeInformation]::RuntimeIdentifier
    Invoke-Dotnet publish cli/StreamKit.Cli -c Release -r $rid -o artifacts/streamkit-aot
    Write-Host "Published artifacts/streamkit-aot/StreamKit.Cli"
}

# Shared setup of the StreamKit Pester suite. Dot-source it in each file's BeforeAll:
#
#     BeforeAll { . (Join-Path $PSScriptRoot 'TestHelpers.ps1') }
#     AfterAll  { Restore-StreamKitTestEnvironment }
#
# It finds the repository root, imports the built module from artifacts/module/StreamKit (the folder
# `dotnet build StreamKit.sln` lays out), defines $FixtureRoot and a few helpers, and clears the
# environment variables Invoke-LlmStream reads, so that no test ever reaches a real endpoint or key.

# ---------------------------------------------------------------------------------------- helpers
# Defined first, so that AfterAll blocks can call them even when the import below fails.

function Restore-StreamKitTestEnvironment {
    # Puts back the environment variables this file cleared.
    if ($null -eq $SavedStreamKitEnvironment) { return }
    foreach ($name in $SavedStreamKitEnvironment.Keys) {
        [System.Environment]::SetEnvironmentVariable($name, $SavedStreamKitEnvironment[$name])
    }
}

function Get-Fixture {
    # The full path of a fixture under tests/fixtures, such as 'chat/truncated-mid-answer.sse'.
    param([Parameter(Mandatory)] [string] $Name)
    $path = Join-Path $FixtureRoot $Name
    if (-not (Test-Path -LiteralPath $path)) { throw "No such fixture: $path" }
    $path
}

function Get-DataEventCount {
    # Data events of a recording whose events have one data line each, [DONE] left out.
    param([Parameter(Mandatory)] [string] $Path)
    @(Get-Content -LiteralPath $Path | Where-Object { $_ -like 'data:*' -and $_ -notmatch '^data:\s*\[DONE\]\s*$' }).Count
}

function Get-LastRequest {
    # The last request a replay server received.
    param([Parameter(Mandatory)] $Server)
    $requests = @($Server.Requests)
    if ($requests.Count -eq 0) { throw "The replay server at $($Server.BaseUri) received no request." }
    $requests[$requests.Count - 1]
}

function Get-LastRequestBody {
    # The JSON body of the last request a replay server received, as objects.
    param([Parameter(Mandatory)] $Server)
    (Get-LastRequest -Server $Server).Body | ConvertFrom-Json
}

function Stop-TestReplayServer {
    # Stops replay servers in AfterAll/AfterEach, quietly (null and stopped servers are fine).
    param([AllowNull()] [object[]] $Server)
    foreach ($s in @($Server)) {
        if ($null -ne $s -and (Get-Command -Name Stop-LlmReplayServer -ErrorAction SilentlyContinue)) {
            Stop-LlmReplayServer -Server $s -ErrorAction SilentlyContinue
        }
    }
}

function New-StreamKitPowerShell {
    # A [PowerShell] instance with a runspace of its own that has the module imported: for tests that
    # stop a running command (the Ctrl+C path), which only PowerShell.Stop() can do.
    param([string] $ManifestPath = $ModuleManifestPath)
    $ps = [System.Management.Automation.PowerShell]::Create()
    try {
        $null = $ps.AddCommand('Import-Module').AddParameter('Name', $ManifestPath).AddParameter('ErrorAction', 'Stop').Invoke()
        $ps.Commands.Clear()
    }
    catch {
        $ps.Dispose()
        throw
    }
    $ps
}

function Wait-Until {
    # Polls a condition every 25 ms; returns whether it became true within the timeout.
    param([Parameter(Mandatory)] [scriptblock] $Condition, [double] $TimeoutSec = 15)
    $deadline = [System.Diagnostics.Stopwatch]::StartNew()
    while ($deadline.Elapsed.TotalSeconds -lt $TimeoutSec) {
        if (& $Condition) { return $true }
        Start-Sleep -Milliseconds 25
    }
    [bool](& $Condition)
}

# ------------------------------------------------------------------------------- repository root
$RepoRoot = $PSScriptRoot
while ($RepoRoot -and -not (Test-Path -LiteralPath (Join-Path $RepoRoot 'StreamKit.sln'))) {
    $RepoRoot = Split-Path -Path $RepoRoot -Parent
}
if (-not $RepoRoot) {
    throw "Could not find the repository root (the folder holding StreamKit.sln) above $PSScriptRoot."
}

$FixtureRoot = Join-Path $RepoRoot 'tests/fixtures'
$TestFixtureRoot = Join-Path $PSScriptRoot 'fixtures'
$ExampleRoot = Join-Path $PSScriptRoot 'examples'

# --------------------------------------------------------------------------------- isolation
# Invoke-LlmStream takes its endpoint, model and key from these: clear them so that no test uses a
# developer's real key or endpoint by accident. Restore-StreamKitTestEnvironment puts them back.
$SavedStreamKitEnvironment = @{}
foreach ($name in 'STREAMKIT_API_KEY', 'OPENAI_API_KEY', 'STREAMKIT_BASE_URI', 'OPENAI_BASE_URL', 'STREAMKIT_MODEL') {
    $SavedStreamKitEnvironment[$name] = [System.Environment]::GetEnvironmentVariable($name)
    [System.Environment]::SetEnvironmentVariable($name, $null)
}

# The key the tests send: it must reach the server and never show anywhere else.
$TestApiKeyText = 'sk-test-pester-0123456789'
$TestApiKey = ConvertTo-SecureString -String $TestApiKeyText -AsPlainText -Force

# ----------------------------------------------------------------------------------- the module
$ModuleManifestPath = Join-Path $RepoRoot 'artifacts/module/StreamKit/StreamKit.psd1'
if (-not (Test-Path -LiteralPath $ModuleManifestPath)) {
    throw "The StreamKit module is not built: '$ModuleManifestPath' does not exist. Run 'dotnet build StreamKit.sln' in '$RepoRoot' first (or ./build.ps1)."
}
$StreamKitModule = Import-Module -Name $ModuleManifestPath -Force -PassThru -ErrorAction Stop

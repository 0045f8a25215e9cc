#Requires -Version 7.4
# The module as a whole: manifest, exports, dependency isolation, help and formatting.

Describe 'The StreamKit module' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'TestHelpers.ps1')
        $ProgressPreference = 'SilentlyContinue'
        $manifest = Import-PowerShellDataFile -LiteralPath $ModuleManifestPath
        $loaded = Get-Module -Name StreamKit
    }

    AfterAll {
        Restore-StreamKitTestEnvironment
    }

    Context 'Offline' -Tag Offline {

        Context 'Manifest and exports' {
            It 'passes Test-ModuleManifest' {
                $info = Test-ModuleManifest -Path $ModuleManifestPath -ErrorAction Stop
                $info.Name | Should -Be 'StreamKit'
                $info.Version | Should -Be ([version]$manifest.ModuleVersion)
                $info.Guid.ToString() | Should -Be $manifest.GUID
            }

            It 'requires PowerShell 7.4 or later, Core edition' {
                $manifest.PowerShellVersion | Should -Be '7.4'
                @($manifest.CompatiblePSEditions) | Should -Be @('Core')
            }

            It 'is imported from the built module folder' {
                @($loaded) | Should -HaveCount 1
                [System.IO.Path]::GetFullPath($loaded.ModuleBase).TrimEnd([System.IO.Path]::DirectorySeparatorChar) |
                    Should -Be ([System.IO.Path]::GetFullPath((Split-Path -Path $ModuleManifestPath -Parent)).TrimEnd([System.IO.Path]::DirectorySeparatorChar))
                $loaded.Version | Should -Be ([version]$manifest.ModuleVersion)
            }

            It 'exports exactly the cmdlets of CmdletsToExport' {
                @($loaded.ExportedCmdlets.Keys | Sort-Object) | Should -Be @($manifest.CmdletsToExport | Sort-Object)
                @(Get-Command -Module StreamKit -CommandType Cmdlet | ForEach-Object Name | Sort-Object) |
                    Should -Be @($manifest.CmdletsToExport | Sort-Object)
            }

            It 'exports no functions, aliases or variables' {
                $loaded.ExportedFunctions.Count | Should -Be 0
                $loaded.ExportedAliases.Count | Should -Be 0
                $loaded.ExportedVariables.Count | Should -Be 0
            }

            It 'loads its engine into an AssemblyLoadContext of its own' {
                $record = @(ConvertFrom-SseStream -Path (Get-Fixture 'chat/cumulative-usage-every-chunk.sse') -AsSseEvent)[0]
                $engine = $record.GetType().Assembly
                $engine.GetName().Name | Should -Be 'StreamKit.PowerShell.Core'
                [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($engine).Name | Should -Be 'StreamKit'
                $engine.Location | Should -BeLike "*$([System.IO.Path]::DirectorySeparatorChar)dependencies$([System.IO.Path]::DirectorySeparatorChar)*"
            }
        }

        Context 'Help' {
            It 'has help for <_> with a synopsis and examples' -ForEach @(
                'Invoke-LlmStream', 'ConvertFrom-SseStream', 'Merge-LlmChunk', 'Measure-LlmStream', 'Start-LlmReplayServer', 'Stop-LlmReplayServer'
            ) {
                $name = $_
                $help = Get-Help -Name $name -Full
                $help.Synopsis | Should -Not -BeNullOrEmpty
                # Without the MAML file, PowerShell makes up a synopsis from the syntax.
                $help.Synopsis.Trim() | Should -Not -BeLike "$name *"
                @($help.examples.example).Count | Should -BeGreaterThan 0
                $help.relatedLinks.navigationLink.linkText | Should -Contain 'about_StreamKit'
            }

            It 'documents every parameter of <_>' -ForEach @(
                'Invoke-LlmStream', 'ConvertFrom-SseStream', 'Merge-LlmChunk', 'Measure-LlmStream', 'Start-LlmReplayServer', 'Stop-LlmReplayServer'
            ) {
                $name = $_
                $common = @([System.Management.Automation.PSCmdlet]::CommonParameters) + @([System.Management.Automation.PSCmdlet]::OptionalCommonParameters)
                $parameters = @((Get-Command -Name $name).Parameters.Keys | Where-Object { $_ -notin $common })
                $documented = @((Get-Help -Name $name -Full).parameters.parameter | ForEach-Object { [string]$_.name })
                $parameters.Count | Should -BeGreaterThan 0
                foreach ($parameter in $parameters) {
                    $documented | Should -Contain $parameter -Because "-$parameter of $name needs help"
                }
            }

            It 'has at least five examples for Invoke-LlmStream' {
                @((Get-Help -Name Invoke-LlmStream -Full).examples.example).Count | Should -BeGreaterOrEqual 5
            }

            It 'has the about_StreamKit topic' {
                $about = Get-Help -Name about_StreamKit
                $about | Should -Not -BeNullOrEmpty
                $text = $about | Out-String -Width 200
                $text | Should -Match 'about_StreamKit'
                $text | Should -Match 'STREAMKIT_BASE_URI'
                $text | Should -Match 'StreamKit\.Truncated'
                $text | Should -Match 'StreamKitLastResult'
            }
        }

        Context 'Formatting' {
            BeforeAll {
                $fixture = Get-Fixture 'chat/cumulative-usage-every-chunk.sse'
                $server = Start-LlmReplayServer -Path $fixture
                $replay = @{ Model = 'replay'; BaseUri = $server.BaseUri }
                $delta = @(Invoke-LlmStream -Prompt 'Count to three' @replay -Live:$false)[0]
                $result = Invoke-LlmStream -Prompt 'Count to three' @replay -Final
                $measurement = Measure-LlmStream -Path $fixture
            }

            AfterAll {
                Stop-TestReplayServer $server
            }

            It 'shows an LlmDelta as a table of Kind, Choice and Delta' {
                $text = $delta | Out-String -Width 200
                $text | Should -Match 'Kind'
                $text | Should -Match 'Choice'
                $text | Should -Match 'Delta'
                $text | Should -Match 'Text'
                $text | Should -Match 'One'
            }

            It 'shows an LlmResult as a list with outcome, tokens and content' {
                $text = $result | Out-String -Width 200
                $text | Should -Match 'Outcome'
                $text | Should -Match 'completed'
                $text | Should -Match 'FinishReason'
                $text | Should -Match 'stop'
                $text | Should -Match 'Tokens'
                $text | Should -Match '5 in, 3 out, 8 total'
                $text | Should -Match 'Content'
                $text | Should -Match 'One two three'
                $text | Should -Match 'fixture-model'
            }

            It 'shows an LlmMeasurement as a table with timings and tokens' {
                $text = $measurement | Out-String -Width 200
                $text | Should -Match 'Outcome'
                $text | Should -Match 'FirstDeltaMs'
                $text | Should -Match 'Deltas/s'
                $text | Should -Match 'Tokens In/Out'
                $text | Should -Match 'ElapsedMs'
                $text | Should -Match 'completed'
                $text | Should -Match '5/3'
            }

            It 'shows a replay server as a table with its base URI' {
                $text = $server | Out-String -Width 200
                $text | Should -Match 'BaseUri'
                $text | Should -Match 'Recordings'
                $text | Should -Match 'Requests'
                $text | Should -Match 'Running'
                $text | Should -Match ([regex]::Escape([string]$server.BaseUri))
                $text | Should -Match 'True'
            }
        }
    }
}

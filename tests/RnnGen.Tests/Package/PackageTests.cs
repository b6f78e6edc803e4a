using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Xml.Linq;
using RnnGen.Tests.Conformance;
using RnnGen.Weights;
using Xunit.Sdk;

namespace RnnGen.Tests.Package;

/// <summary>
/// The package as a user consumes it: packed from this tree into a local feed, then referenced by a new
/// console app that declares networks, builds and runs them, with no project reference to this repository.
/// </summary>
[Trait("Category", "Package")]
public sealed class PackageTests(PackedRnnGen package) : IClassFixture<PackedRnnGen>
{
    /// <summary>
    /// What every Roslyn host (compiler, IDE) has loaded already: netstandard, the compiler, and the assemblies the
    /// compiler itself depends on. A generator referencing anything else would need it packed beside it.
    /// </summary>
    private static readonly string[] HostAssemblies =
    {
        "netstandard", "Microsoft.CodeAnalysis", "Microsoft.CodeAnalysis.CSharp",
        "System.Collections.Immutable", "System.Reflection.Metadata", "System.Memory", "System.Runtime.CompilerServices.Unsafe", "System.Threading.Tasks.Extensions",
    };

    /// <summary>The steps of each sequence the app runs.</summary>
    private const int Steps = 6;

    [Fact]
    public void PackageHoldsTheLibraryTheGeneratorTheBuildStepAndTheReadmeAndDependsOnNothing()
    {
        using ZipArchive archive = ZipFile.OpenRead(package.PackagePath);

        string[] files = archive.Entries.Select(entry => entry.FullName).Where(name => !IsOpcPart(name)).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            new[] { "README.md", "RnnGen.nuspec", "analyzers/dotnet/cs/RnnGen.Generator.dll", "build/RnnGen.targets", "lib/net10.0/RnnGen.dll", "lib/net10.0/RnnGen.xml" },
            files);
        Assert.Equal(File.ReadAllText(Path.Combine(RepositoryPaths.Root, "generator", "RnnGen.Generator", "build", "RnnGen.targets")), ReadText(archive, "build/RnnGen.targets"));

        XElement metadata = XDocument.Parse(ReadText(archive, "RnnGen.nuspec")).Root!.Elements().Single(element => element.Name.LocalName == "metadata");
        string Field(string name) => metadata.Elements().Single(element => element.Name.LocalName == name).Value;
        Assert.Equal("RnnGen", Field("id"));
        Assert.Equal(package.Version, Field("version"));
        Assert.Equal("MIT", Field("license"));
        Assert.Equal("README.md", Field("readme"));
        Assert.False(string.IsNullOrWhiteSpace(Field("description")));
        Assert.DoesNotContain(metadata.Descendants(), element => element.Name.LocalName == "dependency");

        string[] generatorReferences = AssemblyReferences(archive, "analyzers/dotnet/cs/RnnGen.Generator.dll");
        Assert.True(
            generatorReferences.All(HostAssemblies.Contains),
            $"The generator references {string.Join(", ", generatorReferences)}; only what the compiler provides ({string.Join(", ", HostAssemblies)}) can load beside it.");
    }

    [Fact]
    public void ConsoleAppWithOnlyAPackageReferenceGeneratesEmbedsAndRunsItsNetworks()
    {
        string app = package.NewDirectory("app");
        float[] detectorInputs = ModelCatalog.RandomInputs(Steps * PackagedDetector.InputSize, seed: 1);
        float[] smootherInputs = ModelCatalog.RandomInputs(Steps * PackagedSmoother.InputSize, seed: 2);
        var detector = new PackagedDetector();
        detector.InitializeParameters(seed: 42);
        var smoother = new PackagedSmoother();
        smoother.InitializeParameters(seed: 7);
        SafeTensors.Save(smoother, Path.Combine(app, "smoother.safetensors"));
        WriteApp(app, detectorInputs, smootherInputs);

        // A packages folder of its own: the app restores exactly the package in the feed, and leaves nothing in the user's.
        var environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = package.NewDirectory("packages") };
        DotnetCli.Run(app, environment, "build", "-c", "Release", "--disable-build-servers");
        string output = DotnetCli.Run(app, environment, Path.Combine("bin", "Release", "net10.0", "App.dll"));

        Assert.Equal(package.Version, PrintedLine(output, "runtime"));
        Assert.Equal(package.Version, PrintedLine(output, "generator"));

        // The same generated code on the same instruction-set path: bit for bit what this process computes.
        Assert.Equal(Forward(detector, detectorInputs), Floats(PrintedLine(output, "detector")));

        // The app never loads the file: these outputs come from the weights embedded at compile time.
        Assert.Equal(Forward(smoother, smootherInputs), Floats(PrintedLine(output, "smoother")));
    }

    private void WriteApp(string directory, float[] detectorInputs, float[] smootherInputs)
    {
        File.WriteAllText(Path.Combine(directory, "App.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <!-- The generated members must carry their own documentation: a missing comment would be CS1591, an error here. -->
                <GenerateDocumentationFile>true</GenerateDocumentationFile>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="RnnGen" Version="$(RnnGenVersion)" />
                <!-- Binary: only the package's build/RnnGen.targets, imported by NuGet, lets the generator read it. -->
                <AdditionalFiles Include="smoother.safetensors" />
              </ItemGroup>
            </Project>
            """.Replace("$(RnnGenVersion)", package.Version, StringComparison.Ordinal));

        // The feed added to the sources this machine's NuGet configuration already has.
        File.WriteAllText(Path.Combine(directory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="rnngen-under-test" value="{package.Feed}" />
              </packageSources>
            </configuration>
            """);

        // Nothing above the temporary directory (a Directory.Build.props of a checkout there) may shape the build.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />");

        File.WriteAllText(Path.Combine(directory, "Program.cs"), $$"""
            using System;
            using System.CodeDom.Compiler;
            using System.Globalization;
            using System.Linq;
            using System.Reflection;
            using RnnGen;

            float[] detectorInputs = { {{Literals(detectorInputs)}} };
            float[] smootherInputs = { {{Literals(smootherInputs)}} };

            var detector = new Detector();
            detector.InitializeParameters(seed: 42);
            var detectorState = new Detector.State();
            var detectorOutputs = new float[{{Steps}} * Detector.OutputSize];
            detector.Forward(detectorInputs, ref detectorState, detectorOutputs);

            var smoother = new Smoother();
            var smootherState = new Smoother.State();
            var smootherOutputs = new float[{{Steps}} * Smoother.OutputSize];
            smoother.Forward(smootherInputs, ref smootherState, smootherOutputs);

            Console.WriteLine("runtime: " + typeof(RecurrentNetworkAttribute).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0]);
            Console.WriteLine("generator: " + typeof(Detector).GetCustomAttribute<GeneratedCodeAttribute>()!.Version);
            Console.WriteLine("detector: " + Format(detectorOutputs));
            Console.WriteLine("smoother: " + Format(smootherOutputs));

            static string Format(float[] values) => string.Join(" ", values.Select(value => value.ToString("R", CultureInfo.InvariantCulture)));

            [RecurrentNetwork({{ModelCatalog.ShapeOf(typeof(PackagedDetector)).AttributeArguments}})]
            public partial class Detector;

            [RecurrentNetwork({{ModelCatalog.ShapeOf(typeof(PackagedSmoother)).AttributeArguments}}, Weights = "smoother.safetensors")]
            public partial class Smoother;
            """);
    }

    private static float[] Forward<TState>(IRecurrentNetwork<TState> network, float[] inputs)
        where TState : struct
    {
        var state = default(TState);
        var outputs = new float[inputs.Length / network.InputSize * network.OutputSize];
        network.Forward(inputs, ref state, outputs);
        return outputs;
    }

    private static string Literals(float[] values) => string.Join(", ", values.Select(value => value.ToString("R", CultureInfo.InvariantCulture) + "f"));

    /// <summary>What the app printed after <c><paramref name="label"/>: </c>.</summary>
    private static string PrintedLine(string output, string label) =>
        output.Split('\n').Select(line => line.Trim()).FirstOrDefault(line => line.StartsWith(label + ": ", StringComparison.Ordinal))?[(label.Length + 2)..]
        ?? throw new XunitException($"The app printed no \"{label}: \" line. It printed:\n{output}");

    private static float[] Floats(string text) => text.Split(' ').Select(value => float.Parse(value, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>The parts every package has for its zip container (relationships, content types, core properties).</summary>
    private static bool IsOpcPart(string name) =>
        name.StartsWith("_rels/", StringComparison.Ordinal) || name == "[Content_Types].xml" || name.StartsWith("package/services/metadata/", StringComparison.Ordinal);

    private static string ReadText(ZipArchive archive, string name)
    {
        using var reader = new StreamReader(archive.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }

    private static string[] AssemblyReferences(ZipArchive archive, string name)
    {
        var image = new MemoryStream();
        using (Stream entry = archive.GetEntry(name)!.Open())
        {
            entry.CopyTo(image);
        }

        image.Position = 0;
        using var pe = new PEReader(image);
        MetadataReader metadata = pe.GetMetadataReader();
        return metadata.AssemblyReferences.Select(handle => metadata.GetString(metadata.GetAssemblyReference(handle).Name)).ToArray();
    }
}

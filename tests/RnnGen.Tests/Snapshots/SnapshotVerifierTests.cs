using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Xunit.Sdk;

namespace RnnGen.Tests.Snapshots;

public sealed class SnapshotVerifierTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "rnngen-snapshots-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, string> _environment = new();

    private string VerifiedPath => Path.Combine(_directory, "_snapshots", "Sample.Test.verified.cs");

    private string ReceivedPath => Path.Combine(_directory, "_snapshots", "Sample.Test.received.cs");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private void Verify(string actual) =>
        SnapshotVerifier.Verify(actual, VerifiedPath, ReceivedPath, name => _environment.GetValueOrDefault(name));

    private void WriteVerified(string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(VerifiedPath)!);
        File.WriteAllText(VerifiedPath, text);
    }

    [Fact]
    public void Paths_FollowVerifyConvention_BesideTheTestFile()
    {
        string source = Path.Combine(_directory, "GeneratorTests.cs");
        Directory.CreateDirectory(_directory);

        (string verified, string received) = SnapshotVerifier.GetPaths(source, "EmitsLstm", null, "cs");
        (string verifiedWithDiscriminator, _) = SnapshotVerifier.GetPaths(source, "EmitsLstm", "Gru", "txt");

        Assert.Equal(Path.Combine(_directory, "_snapshots", "GeneratorTests.EmitsLstm.verified.cs"), verified);
        Assert.Equal(Path.Combine(_directory, "_snapshots", "GeneratorTests.EmitsLstm.received.cs"), received);
        Assert.Equal(Path.Combine(_directory, "_snapshots", "GeneratorTests.EmitsLstm#Gru.verified.txt"), verifiedWithDiscriminator);
    }

    [Fact]
    public void Paths_ForASourcePathNotOnThisMachine_FailClearly()
    {
        var failure = Assert.Throws<XunitException>(() => SnapshotVerifier.GetPaths("/_/tests/GeneratorTests.cs", "T", null, "cs"));
        Assert.Contains("[CallerFilePath]", failure.Message);
    }

    [Fact]
    public void Match_Passes_AndDeletesStaleReceivedFile()
    {
        WriteVerified("class A\n{\n}\n");
        File.WriteAllText(ReceivedPath, "stale");

        Verify("class A\n{\n}\n");

        Assert.False(File.Exists(ReceivedPath));
    }

    [Fact]
    public void Mismatch_Throws_WithDiffAndPaths_AndWritesReceived()
    {
        string[] lines = Enumerable.Range(1, 20).Select(i => $"line {i}").ToArray();
        WriteVerified(string.Join("\n", lines) + "\n");
        lines[9] = "changed 10";

        var failure = Assert.Throws<XunitException>(() => Verify(string.Join("\n", lines) + "\n"));

        Assert.Contains("- line 10\n+ changed 10\n", failure.Message);
        Assert.Contains("  line 7\n", failure.Message);       // context before
        Assert.Contains("  line 13\n", failure.Message);      // context after
        Assert.DoesNotContain("line 2\n", failure.Message);   // far from the change
        Assert.Contains(VerifiedPath, failure.Message);
        Assert.Contains(ReceivedPath, failure.Message);
        Assert.Contains(SnapshotVerifier.AcceptVariable + "=1", failure.Message);
        Assert.Equal(string.Join("\n", lines) + "\n", File.ReadAllText(ReceivedPath));
    }

    [Fact]
    public void MissingVerified_OnCi_Fails_WithoutCreatingAnyFile()
    {
        _environment["CI"] = "True";
        _environment[SnapshotVerifier.AcceptVariable] = "1";

        var failure = Assert.Throws<XunitException>(() => Verify("class A { }\n"));

        Assert.Contains("never created on CI", failure.Message);
        Assert.False(File.Exists(VerifiedPath));
        Assert.False(File.Exists(ReceivedPath));
    }

    [Fact]
    public void MissingVerified_Locally_WritesReceived_AndFailsAskingForReview()
    {
        var failure = Assert.Throws<XunitException>(() => Verify("class A { }\n"));

        Assert.Contains("no verified file yet", failure.Message);
        Assert.Contains(SnapshotVerifier.AcceptVariable, failure.Message);
        Assert.False(File.Exists(VerifiedPath));
        Assert.Equal("class A { }\n", File.ReadAllText(ReceivedPath));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AcceptEnvironment_WritesVerified_AndPasses(bool verifiedExists)
    {
        if (verifiedExists)
        {
            WriteVerified("old\n");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(ReceivedPath)!);
        File.WriteAllText(ReceivedPath, "stale");
        _environment[SnapshotVerifier.AcceptVariable] = "1";

        Verify("new\r\n");

        Assert.Equal("new\n", File.ReadAllText(VerifiedPath));
        Assert.False(File.Exists(ReceivedPath));
    }

    [Fact]
    public void AcceptEnvironment_IsIgnoredOnCi_ForAMismatch()
    {
        WriteVerified("old\n");
        _environment["CI"] = "true";
        _environment[SnapshotVerifier.AcceptVariable] = "1";

        var failure = Assert.Throws<XunitException>(() => Verify("new\n"));

        Assert.Contains("ignored when CI=true", failure.Message);
        Assert.Equal("old\n", File.ReadAllText(VerifiedPath));
    }

    [Theory]
    [InlineData("a\r\nb\r\n", "a\nb\n")]
    [InlineData("a\nb\n", "a\r\nb\r\n")]
    [InlineData("a\rb\r", "a\nb\n")]
    public void CrlfAndLf_AreEqual(string verified, string actual)
    {
        WriteVerified(verified);

        Verify(actual);
    }

    [Fact]
    public void TrailingWhitespaceDifference_IsNotEqual_AndIsVisibleInTheDiff()
    {
        WriteVerified("int x;\n");

        var failure = Assert.Throws<XunitException>(() => Verify("int x; \t\n"));

        Assert.Contains("- int x;\n+ int x;·→\n", failure.Message);
    }

    [Fact]
    public void MissingFinalNewline_IsNotEqual()
    {
        WriteVerified("int x;\n");

        var failure = Assert.Throws<XunitException>(() => Verify("int x;"));

        Assert.Contains("the received text lacks the newline at the end of the file", failure.Message);
    }

    [Fact]
    public void Files_AreWrittenAsUtf8WithoutBom_WithLfLineEndings()
    {
        _environment[SnapshotVerifier.AcceptVariable] = "1";

        Verify("// é\r\nclass A { }\r\n");

        byte[] bytes = File.ReadAllBytes(VerifiedPath);
        Assert.Equal(Encoding.UTF8.GetBytes("// é\nclass A { }\n"), bytes);
    }
}

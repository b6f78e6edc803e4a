using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Xunit.Sdk;

namespace RnnGen.Tests.Snapshots;

/// <summary>
/// Approval ("snapshot") testing in Verify's file convention: the expected text lives in
/// <c>_snapshots/{TestFile}.{TestName}[#{discriminator}].verified.{extension}</c> beside the test file.
/// On a mismatch the actual text is written to the matching <c>.received.</c> file and the test fails with a line diff.
/// Set <c>RNNGEN_ACCEPT_SNAPSHOTS=1</c> (ignored when <c>CI=true</c>) to accept received text as verified.
/// </summary>
public static class SnapshotVerifier
{
    public const string AcceptVariable = "RNNGEN_ACCEPT_SNAPSHOTS";
    private const int ContextLines = 3;
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static void Verify(
        string actual,
        string? discriminator = null,
        string extension = "cs",
        [CallerFilePath] string sourceFile = "",
        [CallerMemberName] string testName = "")
    {
        (string verifiedPath, string receivedPath) = GetPaths(sourceFile, testName, discriminator, extension);
        Verify(actual, verifiedPath, receivedPath, Environment.GetEnvironmentVariable);
    }

    /// <summary>The verified and received paths for a test, in Verify's naming convention.</summary>
    internal static (string VerifiedPath, string ReceivedPath) GetPaths(
        string sourceFile, string testName, string? discriminator, string extension)
    {
        string? sourceDirectory = Path.GetDirectoryName(sourceFile);
        if (!Path.IsPathRooted(sourceFile) || !Directory.Exists(sourceDirectory))
        {
            throw new XunitException(
                $"Cannot locate the snapshot folder: the caller's source path '{sourceFile}' is not a directory on this machine " +
                "(a PathMap or ContinuousIntegrationBuild setting rewrites [CallerFilePath]).");
        }

        if (discriminator is not null && (discriminator.Length == 0 || discriminator.IndexOfAny(['/', '\\', '\0']) >= 0))
        {
            throw new ArgumentException($"Discriminator '{discriminator}' must be non-empty and usable in a file name.", nameof(discriminator));
        }

        string stem = Path.Combine(sourceDirectory, "_snapshots", Path.GetFileNameWithoutExtension(sourceFile) + "." + testName
            + (discriminator is null ? "" : "#" + discriminator));
        return ($"{stem}.verified.{extension}", $"{stem}.received.{extension}");
    }

    /// <summary>Compares <paramref name="actual"/> with the verified file; <paramref name="getEnvironment"/> stands for the process environment.</summary>
    internal static void Verify(string actual, string verifiedPath, string receivedPath, Func<string, string?> getEnvironment)
    {
        string received = NormalizeLineEndings(actual);
        bool onCi = string.Equals(getEnvironment("CI")?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        string? acceptValue = getEnvironment(AcceptVariable)?.Trim();
        bool accept = !onCi && (acceptValue == "1" || string.Equals(acceptValue, "true", StringComparison.OrdinalIgnoreCase));
        string acceptHint =
            $"To accept, review the received file and either move it over the verified file or re-run with {AcceptVariable}=1.";

        string? verified = File.Exists(verifiedPath) ? NormalizeLineEndings(File.ReadAllText(verifiedPath)) : null;
        if (verified != received && accept)
        {
            WriteText(verifiedPath, received);
        }
        else if (verified is null && onCi)
        {
            throw new XunitException(
                $"Snapshot missing: '{verifiedPath}' does not exist, and verified snapshots are never created on CI (CI=true). " +
                "Run the test locally, review and accept the result, and commit the .verified. file.");
        }
        else if (verified is null)
        {
            WriteText(receivedPath, received);
            throw new XunitException(
                $"Snapshot missing: there is no verified file yet.{Environment.NewLine}" +
                $"  verified: {verifiedPath}{Environment.NewLine}  received: {receivedPath}{Environment.NewLine}{acceptHint}");
        }
        else if (verified != received)
        {
            WriteText(receivedPath, received);
            throw new XunitException(
                $"Snapshot mismatch (- verified, + received):{Environment.NewLine}{Diff(verified, received)}" +
                $"  verified: {verifiedPath}{Environment.NewLine}  received: {receivedPath}{Environment.NewLine}{acceptHint}" +
                (onCi && !string.IsNullOrEmpty(acceptValue) ? $" ({AcceptVariable} is ignored when CI=true.)" : ""));
        }

        if (File.Exists(receivedPath))
        {
            File.Delete(receivedPath); // stale, from an earlier failure
        }
    }

    internal static string NormalizeLineEndings(string text) => text.Replace("\r\n", "\n").Replace('\r', '\n');

    /// <summary>A line diff with <see cref="ContextLines"/> unchanged lines around each change; trailing whitespace of changed lines is made visible.</summary>
    internal static string Diff(string verified, string received)
    {
        List<DiffPiece> lines = InlineDiffBuilder.Diff(verified, received, ignoreWhiteSpace: false).Lines;
        var shown = new bool[lines.Count];
        for (int i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type is ChangeType.Deleted or ChangeType.Inserted or ChangeType.Modified)
            {
                for (int j = Math.Max(0, i - ContextLines); j <= Math.Min(lines.Count - 1, i + ContextLines); j++)
                {
                    shown[j] = true;
                }
            }
        }

        var diff = new StringBuilder();
        for (int i = 0; i < lines.Count; i++)
        {
            if (!shown[i])
            {
                continue;
            }

            if (i > 0 && !shown[i - 1])
            {
                diff.Append("  ...").Append(Environment.NewLine);
            }

            DiffPiece line = lines[i];
            string text = line.Text ?? "";
            diff.Append(line.Type switch
            {
                ChangeType.Deleted => "- " + ShowTrailingWhitespace(text),
                ChangeType.Inserted or ChangeType.Modified => "+ " + ShowTrailingWhitespace(text),
                _ => "  " + text,
            }).Append(Environment.NewLine);
        }

        if (verified.EndsWith('\n') != received.EndsWith('\n'))
        {
            diff.Append(verified.EndsWith('\n') ? "\\ the received text lacks" : "\\ the verified text lacks")
                .Append(" the newline at the end of the file").Append(Environment.NewLine);
        }

        return diff.ToString();
    }

    private static string ShowTrailingWhitespace(string line)
    {
        string trimmed = line.TrimEnd(' ', '\t');
        return trimmed + line[trimmed.Length..].Replace(' ', '·').Replace('\t', '→');
    }

    private static void WriteText(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text, Utf8NoBom);
    }
}

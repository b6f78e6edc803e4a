using System;
using System.IO;
using System.Text;

namespace RnnGen.Samples;

/// <summary>Reads a sample's data file, turning every way it can fail into one <see cref="DataFileException"/> that names the file.</summary>
internal static class DataFile
{
    /// <summary>The whole file as UTF-8 text (ASCII is UTF-8), with Windows line ends (CR LF) read as newlines.</summary>
    /// <param name="path">The file.</param>
    /// <param name="description">What the file is, for messages: "the word list".</param>
    /// <exception cref="DataFileException">The file is missing, a folder, unreadable or not UTF-8.</exception>
    public static string ReadText(string path, string description)
    {
        if (Directory.Exists(path))
        {
            throw new DataFileException($"{path}: this is a folder; {description} must be a file.");
        }

        try
        {
            return File.ReadAllText(path, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true)).Replace("\r\n", "\n", StringComparison.Ordinal);
        }
        catch (FileNotFoundException)
        {
            throw new DataFileException($"{path}: {description} does not exist.");
        }
        catch (DirectoryNotFoundException)
        {
            throw new DataFileException($"{path}: {description} does not exist (nor does its folder).");
        }
        catch (DecoderFallbackException)
        {
            throw new DataFileException($"{path}: {description} is not valid UTF-8.");
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new DataFileException($"{path}: {description} cannot be read: {exception.Message}", exception);
        }
    }
}

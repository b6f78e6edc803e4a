using System;

namespace RnnGen.Generator.Weights;

/// <summary>A weights file is not a valid safetensors file; the message says where and why, for the user's diagnostic.</summary>
internal sealed class SafeTensorsFormatException : Exception
{
    public SafeTensorsFormatException(string message)
        : base(message)
    {
    }
}

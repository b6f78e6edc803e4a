// The two ways to bring trained weights: embedded into the assembly at compile time, and loaded from
// the file at run time. Both networks run the same signal; they must agree to the last bit.
using System;
using System.IO;
using RnnGen;
using RnnGen.Weights;

string weightsPath = Path.Combine(AppContext.BaseDirectory, "detector.safetensors");
var embedded = new EmbeddedDetector();
var loaded = new LoadedDetector();
try
{
    SafeTensors.Load(loaded, weightsPath);
}
catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"Cannot load the weights: {exception.Message}");
    return 1;
}

const int Steps = 200;
var inputs = new float[Steps * EmbeddedDetector.InputSize];
for (int i = 0; i < inputs.Length; i++)
{
    inputs[i] = MathF.Sin(i * 0.05f);
}

var fromEmbedded = new float[Steps * EmbeddedDetector.OutputSize];
var fromFile = new float[Steps * LoadedDetector.OutputSize];
var embeddedState = new EmbeddedDetector.State();
var loadedState = new LoadedDetector.State();
embedded.Forward(inputs, ref embeddedState, fromEmbedded);
loaded.Forward(inputs, ref loadedState, fromFile);

int differing = 0;
for (int i = 0; i < fromEmbedded.Length; i++)
{
    if (BitConverter.SingleToInt32Bits(fromEmbedded[i]) != BitConverter.SingleToInt32Bits(fromFile[i]))
    {
        differing++;
    }
}

Console.WriteLine($"Embedded at compile time: {EmbeddedDetector.ParameterCount:N0} parameters from detector.safetensors, no file needed at run time.");
Console.WriteLine($"Loaded at run time:       {weightsPath}");
Console.WriteLine($"Last step, embedded: [{string.Join(", ", fromEmbedded[^4..])}]");
Console.WriteLine($"Last step, loaded:   [{string.Join(", ", fromFile[^4..])}]");
Console.WriteLine(differing == 0
    ? $"The two agree bit for bit over {Steps} steps."
    : $"They differ in {differing} of {fromEmbedded.Length} outputs.");
return differing == 0 ? 0 : 1;

/// <summary>The network with its weights compiled in.</summary>
[RecurrentNetwork(CellType.Lstm, inputSize: 8, hiddenSize: 32, Layers = 2, OutputSize = 4, OutputActivation = Activation.Softmax, Weights = "detector.safetensors")]
public partial class EmbeddedDetector;

/// <summary>The same network, to be given its weights at run time.</summary>
[RecurrentNetwork(CellType.Lstm, inputSize: 8, hiddenSize: 32, Layers = 2, OutputSize = 4, OutputActivation = Activation.Softmax)]
public partial class LoadedDetector;

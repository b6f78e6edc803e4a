using System.Collections.Generic;
using RnnGen.Tests.Api;
using RnnGen.Weights;

namespace RnnGen.Tests.Weights;

/// <summary>A well-formed safetensors file that does not fit the network: every problem named at once, nothing loaded.</summary>
public sealed class SafeTensorsValidationTests
{
    [Fact]
    public void EveryMismatchIsListedInOneExceptionThatNamesTheFile()
    {
        (Detector network, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<Detector>(seed: 20);
        List<TestTensor> tensors = SafeTensorsTestFiles.Tensors(network, "F32");
        tensors[0] = tensors[0] with { Shape = [128, 7], Data = new byte[128 * 7 * 4] };
        tensors[2] = tensors[2] with { DType = "I32" };
        tensors.RemoveAt(tensors.Count - 1);
        tensors.Add(new TestTensor("fc.weight", "F32", [4, 32], new byte[4 * 32 * 4]));
        byte[] file = SafeTensorsTestFiles.Build(tensors);

        var exception = Assert.Throws<WeightFileException>(() => SafeTensors.Load(network, file, "detector.safetensors"));

        Assert.Equal("detector.safetensors", exception.FileName);
        Assert.StartsWith("detector.safetensors: 4 problems:", exception.Message);
        Assert.Contains("tensor 'weight_ih_l0' has shape [128, 7], expected [128, 8].", exception.Problems);
        Assert.Contains("tensor 'bias_ih_l0' has dtype I32; RnnGen loads F32, F16 and BF16.", exception.Problems);
        Assert.Contains("tensor 'head.bias' is missing; expected shape [4].", exception.Problems);
        Assert.Contains(exception.Problems, p => p.StartsWith("tensor 'fc.weight' is not a parameter of the network", System.StringComparison.Ordinal));
        WeightTestSupport.AssertParameters(network, parameters);
    }

    [Fact]
    public void MessagesGiveBothTheFileNameAndTheParameterName()
    {
        var network = new TinyTagger();
        List<TestTensor> tensors = SafeTensorsTestFiles.Tensors(
            network, "F32", name => name.StartsWith("head.", System.StringComparison.Ordinal) ? "fc." + name[5..] : "lstm." + name);
        tensors.RemoveAt(0);
        tensors.Add(new TestTensor("fc.scale", "F32", [1], new byte[4]));
        byte[] file = SafeTensorsTestFiles.Build(tensors);

        var exception = Assert.Throws<WeightFileException>(() =>
            SafeTensors.Load(network, file, "m.safetensors", new SafeTensorsLoadOptions { Names = ParameterNameMap.ForModules("lstm", "fc") }));

        Assert.Contains("tensor 'lstm.weight_ih_l0' (parameter 'weight_ih_l0') is missing; expected shape [16, 3].", exception.Problems);
        Assert.Contains("tensor 'fc.scale' (parameter 'head.scale') is not a parameter of the network", exception.Message);
    }

    [Fact]
    public void TwoTensorsMappedToOneParameterAreRefused()
    {
        var network = new TinyTagger();
        List<TestTensor> tensors = SafeTensorsTestFiles.Tensors(network, "F32");
        tensors.Add(tensors[0] with { Name = "old_weight_ih_l0" });
        byte[] file = SafeTensorsTestFiles.Build(tensors);
        var options = new SafeTensorsLoadOptions { Names = ParameterNameMap.Identity.Rename("old_weight_ih_l0", "weight_ih_l0") };

        var exception = Assert.Throws<WeightFileException>(() => SafeTensors.Load(network, file, "twice.safetensors", options));

        Assert.Equal(["tensors 'weight_ih_l0' and 'old_weight_ih_l0' both map to parameter 'weight_ih_l0'."], exception.Problems);
    }

    [Fact]
    public void AFailedLoadLeavesEveryParameterAsItWas()
    {
        (TinyTagger network, Dictionary<string, float[]> parameters) = WeightTestSupport.Random<TinyTagger>(seed: 21);
        List<TestTensor> tensors = SafeTensorsTestFiles.Tensors(new TinyTagger(), "F32");
        tensors[^1] = tensors[^1] with { Shape = [1, 2], Data = new byte[8] };

        Assert.Throws<WeightFileException>(() => SafeTensors.Load(network, SafeTensorsTestFiles.Build(tensors), "last.safetensors"));

        WeightTestSupport.AssertParameters(network, parameters);
    }
}

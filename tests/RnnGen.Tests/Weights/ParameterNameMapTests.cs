using System;
using RnnGen.Weights;

namespace RnnGen.Tests.Weights;

/// <summary>Mapping a PyTorch module's tensor names to the network's parameter names and back.</summary>
public sealed class ParameterNameMapTests
{
    [Fact]
    public void ModuleMapStripsTheRecurrentModuleAndRenamesTheHead()
    {
        ParameterNameMap map = ParameterNameMap.ForModules("lstm", "fc");

        Assert.Equal("weight_ih_l0", map.ToNetworkName("lstm.weight_ih_l0"));
        Assert.Equal("head.bias", map.ToNetworkName("fc.bias"));
        Assert.Equal("lstm.weight_hh_l1", map.ToFileName("weight_hh_l1"));
        Assert.Equal("fc.weight", map.ToFileName("head.weight"));
        Assert.Equal("embedding.weight", map.ToNetworkName("embedding.weight"));
    }

    [Fact]
    public void LongestPrefixWinsAndRenamesComeFirst()
    {
        ParameterNameMap map = ParameterNameMap.Identity
            .MapPrefix("model.", string.Empty)
            .MapPrefix("model.classifier.", "head.")
            .Rename("model.classifier.w", "head.weight");

        Assert.Equal("head.bias", map.ToNetworkName("model.classifier.bias"));
        Assert.Equal("weight_ih_l0", map.ToNetworkName("model.weight_ih_l0"));
        Assert.Equal("head.weight", map.ToNetworkName("model.classifier.w"));
        Assert.Equal("model.classifier.w", map.ToFileName("head.weight"));
        Assert.Equal("model.classifier.bias", map.ToFileName("head.bias"));
    }

    [Fact]
    public void AmbiguousMapsAreRefusedWhenBuilt()
    {
        ParameterNameMap map = ParameterNameMap.Identity.MapPrefix("lstm.", string.Empty).Rename("w", "weight_ih_l0");

        Assert.Throws<ArgumentException>(() => map.MapPrefix("lstm.", "x."));
        Assert.Throws<ArgumentException>(() => map.MapPrefix("rnn.", string.Empty));
        Assert.Throws<ArgumentException>(() => map.Rename("w", "weight_hh_l0"));
        Assert.Throws<ArgumentException>(() => map.Rename("v", "weight_ih_l0"));
        Assert.Throws<ArgumentException>(() => ParameterNameMap.ForModules("same", "same"));
    }

    [Fact]
    public void MapsAreImmutable()
    {
        ParameterNameMap identity = ParameterNameMap.Identity;
        _ = identity.MapPrefix("lstm.", string.Empty);

        Assert.Equal("lstm.weight_ih_l0", identity.ToNetworkName("lstm.weight_ih_l0"));
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace RnnGen.Weights;

/// <summary>
/// Maps the tensor names of a weight file to the network's parameter names (<c>weight_ih_l0</c>,
/// <c>head.weight</c>, ...) and back, for a model whose layers sit inside a larger PyTorch module.
/// </summary>
/// <remarks>
/// <para>
/// A module <c>self.lstm = nn.LSTM(...)</c>, <c>self.fc = nn.Linear(...)</c> saves
/// <c>lstm.weight_ih_l0</c> and <c>fc.weight</c>; <c>ForModules("lstm", "fc")</c> maps those to
/// <c>weight_ih_l0</c> and <c>head.weight</c>, and saving with the same map writes the module's names.
/// </para>
/// <para>
/// A file name is mapped by its exact rename if it has one, else by the longest file prefix it starts
/// with, else unchanged; a network name is mapped back the same way. Instances are immutable.
/// </para>
/// </remarks>
public sealed class ParameterNameMap
{
    private readonly (string File, string Network)[] _prefixes;
    private readonly (string File, string Network)[] _renames;

    private ParameterNameMap((string File, string Network)[] prefixes, (string File, string Network)[] renames)
    {
        _prefixes = prefixes;
        _renames = renames;
    }

    /// <summary>The map that leaves every name as it is: a file saved from a bare <c>nn.LSTM</c>, <c>nn.GRU</c> or <c>nn.RNN</c>.</summary>
    public static ParameterNameMap Identity { get; } = new([], []);

    /// <summary>
    /// The map for a PyTorch module that holds the recurrent layers as the attribute
    /// <paramref name="recurrentModule"/> and the head as <paramref name="headModule"/>.
    /// </summary>
    /// <param name="recurrentModule">The recurrent module's attribute name, e.g. <c>lstm</c>.</param>
    /// <param name="headModule">The <c>nn.Linear</c> head's attribute name, e.g. <c>fc</c>, or null without a head.</param>
    /// <returns>A map of <c>{recurrentModule}.</c> to no prefix and <c>{headModule}.</c> to <c>head.</c>.</returns>
    /// <exception cref="ArgumentException">A module name is empty or both are the same.</exception>
    public static ParameterNameMap ForModules(string recurrentModule, string? headModule = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(recurrentModule);
        ParameterNameMap map = Identity.MapPrefix(recurrentModule + ".", string.Empty);
        if (headModule is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(headModule);
            map = map.MapPrefix(headModule + ".", "head.");
        }

        return map;
    }

    /// <summary>
    /// The map for a PyTorch module that holds one single-layer recurrent module per layer, such as
    /// <c>self.lstm = nn.LSTM(8, 64)</c> then <c>self.gru = nn.GRU(64, 32)</c>: the stack that
    /// <c>[RecurrentLayer]</c> declares. Each module's <c>weight_ih_l0</c> (and the other three tensors) becomes
    /// the network's tensor of that layer, <c>gru.weight_ih_l0</c> → <c>weight_ih_l1</c>.
    /// </summary>
    /// <param name="layerModules">The modules' attribute names, layer 0 first.</param>
    /// <param name="headModule">The <c>nn.Linear</c> head's attribute name, or null without a head.</param>
    /// <returns>A map renaming every layer's four tensors and, with a head, <c>{headModule}.</c> to <c>head.</c>.</returns>
    /// <exception cref="ArgumentException">No module is given, a name is empty, or a name is given twice.</exception>
    public static ParameterNameMap ForLayerModules(IReadOnlyList<string> layerModules, string? headModule = null)
    {
        ArgumentNullException.ThrowIfNull(layerModules);
        if (layerModules.Count == 0)
        {
            throw new ArgumentException("Name at least one module, the one of layer 0.", nameof(layerModules));
        }

        ParameterNameMap map = Identity;
        for (int layer = 0; layer < layerModules.Count; layer++)
        {
            ArgumentException.ThrowIfNullOrEmpty(layerModules[layer], nameof(layerModules));
            foreach (string tensor in new[] { "weight_ih", "weight_hh", "bias_ih", "bias_hh" })
            {
                map = map.Rename($"{layerModules[layer]}.{tensor}_l0", $"{tensor}_l{layer}");
            }
        }

        if (headModule is not null)
        {
            ArgumentException.ThrowIfNullOrEmpty(headModule);
            map = map.MapPrefix(headModule + ".", "head.");
        }

        return map;
    }

    /// <summary>Returns a map that also turns file names starting with <paramref name="filePrefix"/> into names starting with <paramref name="networkPrefix"/>.</summary>
    /// <param name="filePrefix">The prefix in the file, e.g. <c>lstm.</c>.</param>
    /// <param name="networkPrefix">The prefix in the network, often empty.</param>
    /// <returns>A new map; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">Either prefix is already mapped, which would make the map ambiguous.</exception>
    public ParameterNameMap MapPrefix(string filePrefix, string networkPrefix)
    {
        ArgumentNullException.ThrowIfNull(filePrefix);
        ArgumentNullException.ThrowIfNull(networkPrefix);
        RequireUnused(_prefixes, filePrefix, networkPrefix, "prefix", nameof(filePrefix), nameof(networkPrefix));
        return new ParameterNameMap([.. _prefixes, (filePrefix, networkPrefix)], _renames);
    }

    /// <summary>Returns a map that also turns the file name <paramref name="fileName"/> into <paramref name="networkName"/>, before any prefix.</summary>
    /// <param name="fileName">The tensor's name in the file.</param>
    /// <param name="networkName">The network's parameter name.</param>
    /// <returns>A new map; this one is unchanged.</returns>
    /// <exception cref="ArgumentException">Either name is already renamed, which would make the map ambiguous.</exception>
    public ParameterNameMap Rename(string fileName, string networkName)
    {
        ArgumentException.ThrowIfNullOrEmpty(fileName);
        ArgumentException.ThrowIfNullOrEmpty(networkName);
        RequireUnused(_renames, fileName, networkName, "name", nameof(fileName), nameof(networkName));
        return new ParameterNameMap(_prefixes, [.. _renames, (fileName, networkName)]);
    }

    /// <summary>The network's name for the file's tensor <paramref name="fileName"/>.</summary>
    /// <param name="fileName">A tensor name in the file.</param>
    /// <returns>The mapped name, which need not be one of the network's.</returns>
    public string ToNetworkName(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        return Map(fileName, _renames.Select(r => (r.File, r.Network)), _prefixes.Select(p => (p.File, p.Network)));
    }

    /// <summary>The file's name for the network's parameter <paramref name="networkName"/>.</summary>
    /// <param name="networkName">One of the network's parameter names.</param>
    /// <returns>The name to write in (or expect from) the file.</returns>
    public string ToFileName(string networkName)
    {
        ArgumentNullException.ThrowIfNull(networkName);
        return Map(networkName, _renames.Select(r => (r.Network, r.File)), _prefixes.Select(p => (p.Network, p.File)));
    }

    private static string Map(string name, IEnumerable<(string From, string To)> renames, IEnumerable<(string From, string To)> prefixes)
    {
        foreach ((string from, string to) in renames)
        {
            if (string.Equals(from, name, StringComparison.Ordinal))
            {
                return to;
            }
        }

        (string From, string To)? best = null;
        foreach ((string from, string to) in prefixes)
        {
            if (name.StartsWith(from, StringComparison.Ordinal) && (best is null || from.Length > best.Value.From.Length))
            {
                best = (from, to);
            }
        }

        return best is { } prefix ? prefix.To + name[prefix.From.Length..] : name;
    }

    private static void RequireUnused(
        (string File, string Network)[] pairs, string file, string network, string what, string fileParameter, string networkParameter)
    {
        foreach ((string existingFile, string existingNetwork) in pairs)
        {
            if (string.Equals(existingFile, file, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The file {what} '{file}' is already mapped to '{existingNetwork}'.", fileParameter);
            }

            if (string.Equals(existingNetwork, network, StringComparison.Ordinal))
            {
                throw new ArgumentException($"The network {what} '{network}' is already mapped from '{existingFile}'.", networkParameter);
            }
        }
    }
}

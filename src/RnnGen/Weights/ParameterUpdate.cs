using System.Collections.Generic;

namespace RnnGen.Weights;

/// <summary>Sets a whole batch of parameters or none of them.</summary>
internal static class ParameterUpdate
{
    /// <summary>
    /// Sets every parameter in <paramref name="values"/>, all of them already checked against the
    /// network; should a setter still throw, the parameters set so far are restored before it propagates.
    /// </summary>
    public static void Apply(IRecurrentNetwork network, IReadOnlyList<KeyValuePair<string, float[]>> values)
    {
        var previous = new List<KeyValuePair<string, float[]>>(values.Count);
        foreach ((string name, float[] value) in values)
        {
            var old = new float[value.Length];
            network.GetParameter(name, old);
            previous.Add(new KeyValuePair<string, float[]>(name, old));
        }

        int set = 0;
        try
        {
            for (; set < values.Count; set++)
            {
                network.SetParameter(values[set].Key, values[set].Value);
            }
        }
        catch
        {
            for (int i = 0; i < set; i++)
            {
                network.SetParameter(previous[i].Key, previous[i].Value);
            }

            throw;
        }
    }
}

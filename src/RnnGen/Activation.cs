namespace RnnGen;

/// <summary>An elementwise (or, for <see cref="Softmax"/>, vector-wide) activation function.</summary>
public enum Activation
{
    /// <summary><c>y = x</c>.</summary>
    Identity,

    /// <summary><c>y = tanh(x)</c>.</summary>
    Tanh,

    /// <summary><c>y = max(x, 0)</c>.</summary>
    Relu,

    /// <summary><c>y = 1 / (1 + exp(-x))</c>.</summary>
    Sigmoid,

    /// <summary><c>y_i = exp(x_i) / sum_j exp(x_j)</c> over the whole output vector.</summary>
    Softmax,
}

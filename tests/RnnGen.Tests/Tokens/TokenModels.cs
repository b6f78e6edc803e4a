using RnnGen;

// Networks on token ids: each cell, a vocabulary that leaves partial vectors (InputSize 5, 7, 17),
// with and without a head and with one to three layers; the same again bidirectional.
namespace RnnGen.Tests.Tokens.Models;

[RecurrentNetwork(CellType.Lstm, inputSize: 5, hiddenSize: 16, Layers = 2, OutputSize = 3, VocabularySize = 11)]
public partial class TokenLstm;

[RecurrentNetwork(CellType.Gru, inputSize: 7, hiddenSize: 9, VocabularySize = 30)]
public partial class TokenGru;

[RecurrentNetwork(CellType.Rnn, inputSize: 17, hiddenSize: 33, Layers = 3, OutputSize = 4, OutputActivation = Activation.Softmax, VocabularySize = 3, Nonlinearity = Activation.Relu)]
public partial class TokenRnn;

// A table of 40,000 values, enough to check the initialization's distribution.
[RecurrentNetwork(CellType.Gru, inputSize: 200, hiddenSize: 1, VocabularySize = 200)]
public partial class BigTable;

// Learns to recall the first token of a sequence (TokenTrainingTests).
[RecurrentNetwork(CellType.Gru, inputSize: 8, hiddenSize: 24, OutputSize = 6, VocabularySize = 6)]
public partial class FirstTokenGru;

// Token input and dropout together (TokenNetworkTests).
[RecurrentNetwork(CellType.Lstm, inputSize: 5, hiddenSize: 8, Layers = 2, OutputSize = 3, VocabularySize = 13, Dropout = 0.4f)]
public partial class TokenDropoutLstm;

// Bidirectional networks on token ids (BidirectionalTokenNetworkTests): nn.Embedding then nn.LSTM/GRU/RNN(bidirectional=True),
// each cell, with and without a head, one and two layers; hidden sizes 7 and 33 leave partial vectors and a reverse half
// that starts mid-vector in the [T, 2H] layer output.
[RecurrentNetwork(CellType.Lstm, inputSize: 5, hiddenSize: 7, Layers = 2, OutputSize = 3, VocabularySize = 11, Bidirectional = true)]
public partial class BiTokenLstm;

[RecurrentNetwork(CellType.Gru, inputSize: 6, hiddenSize: 33, VocabularySize = 30, Bidirectional = true)]
public partial class BiTokenGru;

[RecurrentNetwork(CellType.Rnn, inputSize: 17, hiddenSize: 16, Layers = 2, OutputSize = 4, OutputActivation = Activation.Softmax, VocabularySize = 3, Nonlinearity = Activation.Relu, Bidirectional = true)]
public partial class BiTokenRnn;

// Learns to name the next token at every step, which only the reverse direction has seen (TokenTrainingTests).
[RecurrentNetwork(CellType.Gru, inputSize: 8, hiddenSize: 16, OutputSize = 7, VocabularySize = 6, Bidirectional = true)]
public partial class NextTokenBiGru;

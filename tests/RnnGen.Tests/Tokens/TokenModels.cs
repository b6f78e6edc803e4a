using RnnGen;

// Networks on token ids: each cell, a vocabulary that leaves partial vectors (InputSize 5, 7, 17),
// with and without a head and with one to three layers.
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

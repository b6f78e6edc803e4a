# How detector.safetensors would come from PyTorch. The shipped file was written by RnnGen's own
# SafeTensors.Save from a seeded network (no PyTorch here); the names and layout are the same.
import torch.nn as nn
from safetensors.torch import save_file

class Detector(nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = nn.LSTM(8, 32, num_layers=2)
        self.head = nn.Linear(32, 4)

model = Detector()
# state_dict names are lstm.weight_ih_l0 ... and head.weight: strip the recurrent module's prefix so the
# names are RnnGen's (weight_ih_l0 ..., head.weight, head.bias).
state = {name.removeprefix("lstm."): tensor for name, tensor in model.state_dict().items()}
save_file(state, "detector.safetensors")

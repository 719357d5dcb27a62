#!/usr/bin/python3
"""PyTorch side of `slidestream bench unet`: the project's U-Net, timed on CPU.

Usage: unet_torch.py --filters F --levels L --size S --batch B --classes C --threads T
                     --mode train|infer --warmup W --steps N [--seed SEED] [--channels-last]

Builds exactly the network of io.slidestream.models.unet.UNet (Bokhorst et al.): per level a block
of two 3x3 convolutions with ReLU whose output is the block input concatenated with the second
convolution's output, 2x2 max-pooling down; going up, 2x nearest up-sampling, a 3x3 convolution
with ReLU, concatenation with the encoder block of that level and a block; a 1x1 convolution to C
logits. Same padding, He initialisation, Adam, float32, NCHW.

mode train: W untimed then N timed steps of forward, cross entropy over C classes, backward and
Adam update on random input and labels. mode infer: W untimed then N timed forward passes in
inference mode, softmax over classes included (DL4J's output layer applies it too). --channels-last
puts the network and the input in torch.channels_last memory format (NHWC), PyTorch's faster CPU
layout, to compare with DL4J's channels-last inference. Prints one JSON line: the parameter count
and the seconds of every timed step.
"""
import argparse
import json
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, cin, filters):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, filters, 3, padding=1)
        self.conv2 = nn.Conv2d(filters, filters, 3, padding=1)

    def forward(self, x):
        return torch.cat([x, F.relu(self.conv2(F.relu(self.conv1(x))))], 1)


class UNet(nn.Module):
    def __init__(self, levels, filters, classes, in_channels=3):
        super().__init__()
        self.encoders = nn.ModuleList()
        skips = []
        cin = in_channels
        for level in range(levels - 1):
            self.encoders.append(Block(cin, filters << level))
            cin += filters << level
            skips.append(cin)
        self.bottleneck = Block(cin, filters << (levels - 1))
        cin += filters << (levels - 1)
        self.up_convs = nn.ModuleList()
        self.decoders = nn.ModuleList()
        for level in reversed(range(levels - 1)):
            self.up_convs.append(nn.Conv2d(cin, filters << level, 3, padding=1))
            merged = (filters << level) + skips[level]
            self.decoders.append(Block(merged, filters << level))
            cin = merged + (filters << level)
        self.logits = nn.Conv2d(cin, classes, 1)
        for m in self.modules():
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, nonlinearity="relu")
                nn.init.zeros_(m.bias)

    def forward(self, x):
        skips = []
        for block in self.encoders:
            x = block(x)
            skips.append(x)
            x = F.max_pool2d(x, 2)
        x = self.bottleneck(x)
        for up_conv, block, skip in zip(self.up_convs, self.decoders, reversed(skips)):
            x = F.relu(up_conv(F.interpolate(x, scale_factor=2, mode="nearest")))
            x = block(torch.cat([x, skip], 1))
        return self.logits(x)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--filters", type=int, required=True)
    p.add_argument("--levels", type=int, required=True)
    p.add_argument("--size", type=int, required=True)
    p.add_argument("--batch", type=int, required=True)
    p.add_argument("--classes", type=int, default=3)
    p.add_argument("--threads", type=int, required=True)
    p.add_argument("--mode", choices=["train", "infer"], required=True)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--steps", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--channels-last", action="store_true")
    a = p.parse_args()

    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    net = UNet(a.levels, a.filters, a.classes)
    params = sum(t.numel() for t in net.parameters())
    x = torch.rand(a.batch, 3, a.size, a.size)
    if a.channels_last:
        net = net.to(memory_format=torch.channels_last)
        x = x.to(memory_format=torch.channels_last)
    times = []
    if a.mode == "train":
        y = torch.randint(0, a.classes, (a.batch, a.size, a.size))
        optimiser = torch.optim.Adam(net.parameters(), lr=1e-4)
        net.train()
        for i in range(a.warmup + a.steps):
            t0 = time.perf_counter()
            optimiser.zero_grad(set_to_none=True)
            loss = F.cross_entropy(net(x), y)
            loss.backward()
            optimiser.step()
            if i >= a.warmup:
                times.append(time.perf_counter() - t0)
    else:
        net.eval()
        with torch.inference_mode():
            for i in range(a.warmup + a.steps):
                t0 = time.perf_counter()
                torch.softmax(net(x), 1)
                if i >= a.warmup:
                    times.append(time.perf_counter() - t0)
    print(json.dumps({"framework": "pytorch " + torch.__version__, "params": params,
                      "threads": torch.get_num_threads(), "channelsLast": a.channels_last,
                      "seconds": times}))


if __name__ == "__main__":
    main()

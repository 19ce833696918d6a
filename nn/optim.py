"""Optimizers over a list of parameter Values; each has ``step()`` and ``zero_grad()``.

SGD, AdaGrad and RMSProp are written as seed 002 writes them (AdaGrad and RMSProp add
eps outside the square root: lr / (eps + sqrt(r))); Adam follows PyTorch's formula.
The learning rate is the attribute ``lr`` and may be changed between steps.
"""

import math

from autograd import Value

from .checks import fraction, positive_number


class Optimizer:
    """Holds the parameters and the learning rate; subclasses define ``step``.

    A step computes every new value first, and changes the parameters (and the
    optimizer's state) only if all of them are finite: a step that would overflow raises
    an OverflowError and changes nothing.
    """

    def __init__(self, params, lr):
        self.params = list(params)
        if not self.params:
            raise ValueError("the optimizer got no parameters; pass model.parameters()")
        for p in self.params:
            if not isinstance(p, Value):
                raise TypeError(f"parameters must be Values, got {type(p).__name__}: {p!r}")
        positive_number("lr", lr)
        self.lr = lr

    def zero_grad(self):
        """Set ``.grad`` of every parameter to 0 (gradients accumulate otherwise)."""
        for p in self.params:
            p.grad = 0.0

    def step(self):
        """Update every parameter from its ``.grad``."""
        raise NotImplementedError

    def _update(self, values, **state):
        """Set the parameters to ``values`` and each attribute in ``state``, or, if a value
        is not finite, raise before changing any of them."""
        for i, (p, x) in enumerate(zip(self.params, values)):
            if not math.isfinite(x):
                raise OverflowError(
                    f"{type(self).__name__}.step would make parameter {i} {x} (it is "
                    f"{p.data:g}, its gradient {p.grad:g}, lr {self.lr:g}); nothing was "
                    "changed: lower the learning rate"
                )
        for p, x in zip(self.params, values):
            p.data = x
        for name, value in state.items():
            setattr(self, name, value)

    def __repr__(self):
        return f"{type(self).__name__}(lr={self.lr:g}, {len(self.params)} parameters)"


class SGD(Optimizer):
    """p -= lr * g; with momentum, v = momentum * v + g and p -= lr * v (as PyTorch)."""

    def __init__(self, params, lr, momentum=0):
        super().__init__(params, lr)
        fraction("momentum", momentum)
        self.momentum = momentum
        self.velocity = [0.0] * len(self.params)

    def step(self):
        lr, mu = self.lr, self.momentum
        if not mu:
            self._update([p.data - lr * p.grad for p in self.params])
            return
        velocity = [mu * v + p.grad for p, v in zip(self.params, self.velocity)]
        self._update([p.data - lr * v for p, v in zip(self.params, velocity)], velocity=velocity)


class AdaGrad(Optimizer):
    """r += g^2, p -= lr / (eps + sqrt(r)) * g  (seed 002)."""

    def __init__(self, params, lr, eps=1e-7):
        super().__init__(params, lr)
        positive_number("eps", eps)
        self.eps = eps
        self.r = [0.0] * len(self.params)

    def step(self):
        r = [r + p.grad * p.grad for p, r in zip(self.params, self.r)]
        self._update(
            [p.data - self.lr / (self.eps + math.sqrt(ri)) * p.grad for p, ri in zip(self.params, r)],
            r=r,
        )


class RMSProp(Optimizer):
    """r = rho r + (1 - rho) g^2, p -= lr / (eps + sqrt(r)) * g  (seed 002)."""

    def __init__(self, params, lr, rho=0.9, eps=1e-7):
        super().__init__(params, lr)
        fraction("rho", rho)
        positive_number("eps", eps)
        self.rho, self.eps = rho, eps
        self.r = [0.0] * len(self.params)

    def step(self):
        rho = self.rho
        r = [rho * r + (1 - rho) * p.grad * p.grad for p, r in zip(self.params, self.r)]
        self._update(
            [p.data - self.lr / (self.eps + math.sqrt(ri)) * p.grad for p, ri in zip(self.params, r)],
            r=r,
        )


class Adam(Optimizer):
    """Adam (Kingma and Ba 2015) as torch.optim.Adam computes it.

    m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2, then
    p -= (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps).
    """

    def __init__(self, params, lr, betas=(0.9, 0.999), eps=1e-8):
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), got {betas!r}")
        fraction("beta1", betas[0])
        fraction("beta2", betas[1])
        positive_number("eps", eps)
        self.betas, self.eps = tuple(betas), eps
        self.t = 0
        self.m = [0.0] * len(self.params)
        self.v = [0.0] * len(self.params)

    def step(self):
        b1, b2 = self.betas
        t = self.t + 1
        step_size = self.lr / (1 - b1**t)
        correction2 = math.sqrt(1 - b2**t)
        m = [b1 * m + (1 - b1) * p.grad for p, m in zip(self.params, self.m)]
        v = [b2 * v + (1 - b2) * p.grad * p.grad for p, v in zip(self.params, self.v)]
        self._update(
            [
                p.data - step_size * mi / (math.sqrt(vi) / correction2 + self.eps)
                for p, mi, vi in zip(self.params, m, v)
            ],
            m=m, v=v, t=t,
        )  # fmt: skip


OPTIMIZERS = {"sgd": SGD, "adagrad": AdaGrad, "rmsprop": RMSProp, "adam": Adam}
"""Every optimizer class by (lower-case) name."""

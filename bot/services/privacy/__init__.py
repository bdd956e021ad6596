"""Privacy rights: /mydata and /forgetme, erasure that reaches every copy."""
